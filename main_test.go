package main

import (
	"os"
	"testing"
)

var quietedLoggers = []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_HUBSPOT"}

// unsetForTest unsets the variables for the test and restores them after it.
func unsetForTest(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		t.Setenv(n, "")
		if err := os.Unsetenv(n); err != nil {
			t.Fatal(err)
		}
	}
}

func TestQuietLogsWhenTerraformDiscardsThem(t *testing.T) {
	unsetForTest(t, append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, quietedLoggers...)...)
	t.Setenv("TF_LOG_SDK_PROTO", "debug") // the user's own choice stays

	quietLogsTerraformDiscards()
	for _, n := range quietedLoggers {
		want := "OFF"
		if n == "TF_LOG_SDK_PROTO" {
			want = "debug"
		}
		if got := os.Getenv(n); got != want {
			t.Errorf("%s = %q, want %q", n, got, want)
		}
	}
}

func TestLogsStayWhenTerraformKeepsThem(t *testing.T) {
	for _, keep := range []string{"TF_LOG", "TF_LOG_PROVIDER"} {
		t.Run(keep, func(t *testing.T) {
			unsetForTest(t, append([]string{"TF_LOG", "TF_LOG_PROVIDER"}, quietedLoggers...)...)
			t.Setenv(keep, "trace")

			quietLogsTerraformDiscards()
			for _, n := range quietedLoggers {
				if v, set := os.LookupEnv(n); set {
					t.Errorf("%s was set to %q although Terraform keeps the provider's logs", n, v)
				}
			}
		})
	}
}
