package main

import (
	"strings"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/emulator"
)

func TestParseRateLimit(t *testing.T) {
	rl, err := parseRateLimit("190/10s")
	if err != nil || rl.Max != 190 || rl.Interval != 10*time.Second || rl.Disabled {
		t.Fatalf("parseRateLimit(190/10s) = %+v, %v", rl, err)
	}
	if rl, err := parseRateLimit("off"); err != nil || !rl.Disabled {
		t.Fatalf("parseRateLimit(off) = %+v, %v", rl, err)
	}
	if rl, err := parseRateLimit(""); err != nil || rl != (emulator.RateLimit{}) {
		t.Fatalf("parseRateLimit(\"\") = %+v, %v; want the tier's limits", rl, err)
	}
	for _, bad := range []string{"100", "x/10s", "100/abc", "0/10s", "-1/10s"} {
		if _, err := parseRateLimit(bad); err == nil {
			t.Errorf("parseRateLimit(%q) accepted", bad)
		}
	}
}

func TestFaultFlags(t *testing.T) {
	var f faultFlags
	for _, s := range []string{"lost,p=0.05,method=POST", "429,policy=DAILY"} {
		if err := f.Set(s); err != nil {
			t.Fatal(err)
		}
	}
	if len(f) != 2 || f[0].Kind != emulator.FaultLostAnswer || f[1].Policy != "DAILY" {
		t.Fatalf("faults %+v", f)
	}
	if got := f.String(); got != "lost,p=0.05,method=POST 429,p=1,policy=DAILY" {
		t.Fatalf("String() = %q", got)
	}
	if err := f.Set("lost,p=2"); err == nil || !strings.Contains(err.Error(), "probability") {
		t.Fatalf("Set(lost,p=2) = %v", err)
	}
}

func TestRunRefusesBadTierAndFaults(t *testing.T) {
	for _, args := range [][]string{
		{"-token", "t", "-tier", "gold", "-addr", "127.0.0.1:0"},
		{"-token", "t", "-fault", "slow,p=1", "-addr", "127.0.0.1:0"},
	} {
		if err := run(args); err == nil {
			t.Errorf("run(%q) started", args)
		}
	}
}
