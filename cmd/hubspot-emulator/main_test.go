package main

import (
	"testing"
	"time"
)

func TestParseRateLimit(t *testing.T) {
	rl, err := parseRateLimit("190/10s")
	if err != nil || rl.Max != 190 || rl.Interval != 10*time.Second || rl.Disabled {
		t.Fatalf("parseRateLimit(190/10s) = %+v, %v", rl, err)
	}
	if rl, err := parseRateLimit("off"); err != nil || !rl.Disabled {
		t.Fatalf("parseRateLimit(off) = %+v, %v", rl, err)
	}
	for _, bad := range []string{"", "100", "x/10s", "100/abc", "0/10s", "-1/10s"} {
		if _, err := parseRateLimit(bad); err == nil {
			t.Errorf("parseRateLimit(%q) accepted", bad)
		}
	}
}
