package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// The acceptance tests run on the CLI terraform-plugin-testing picks: the one
// TF_ACC_TERRAFORM_PATH names, else `terraform` on PATH. CI runs them on the Terraform on PATH,
// on Terraform 1.14 and on OpenTofu 1.11 (scripts/testacc-clis.sh).

// envTfAccTerraformPath is terraform-plugin-testing's variable naming the CLI binary.
const envTfAccTerraformPath = "TF_ACC_TERRAFORM_PATH"

// openTofuRegistryHost is the host OpenTofu gives a provider whose configuration names no
// source, as the tests' configurations do.
const openTofuRegistryHost = "registry.opentofu.org"

// testCLIInfo describes a CLI binary the tests may run.
type testCLIInfo struct {
	path string
	// name is the first line the CLI's `version` prints: "Terraform v1.14.9", "OpenTofu v1.11.6".
	name string
}

func (c testCLIInfo) openTofu() bool { return strings.HasPrefix(c.name, "OpenTofu ") }

// describeCLI asks the binary at path what it is.
func describeCLI(path string) (testCLIInfo, error) {
	cmd := exec.Command(path, "version")
	// The machine's CLI configuration file has no bearing on which CLI this is.
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return testCLIInfo{}, fmt.Errorf("running %s version: %w", path, err)
	}
	name, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return testCLIInfo{path: path, name: name}, nil
}

// findTestCLI finds the CLI terraform-plugin-testing will run.
func findTestCLI() (testCLIInfo, error) {
	path := os.Getenv(envTfAccTerraformPath)
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return testCLIInfo{}, fmt.Errorf("no Terraform CLI: set %s or put terraform on PATH: %w", envTfAccTerraformPath, err)
		}
	}
	return describeCLI(path)
}

// testCLI is the CLI of this test process, asked once. Tests of the checks below replace it.
var testCLI = sync.OnceValues(findTestCLI)

// selectTestCLI finds the CLI the tests will run on, prepares the environment for it and
// returns one line naming it. terraform-plugin-testing serves the provider under test at
// registry.terraform.io/hashicorp/hubspot unless TF_ACC_PROVIDER_HOST says otherwise, and
// OpenTofu resolves `hubspot` to registry.opentofu.org/hashicorp/hubspot, so on OpenTofu,
// without the host, every test would fail looking for the provider on OpenTofu's registry.
func selectTestCLI() (string, error) {
	cli, err := testCLI()
	if err != nil {
		return "", err
	}
	if cli.openTofu() && os.Getenv(resource.EnvTfAccProviderHost) == "" {
		if err := os.Setenv(resource.EnvTfAccProviderHost, openTofuRegistryHost); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("acceptance tests run on %s (%s)", cli.name, cli.path), nil
}

// OpenTofu has neither resource identity (identity in import blocks, identity state and query
// checks) nor list resources (`terraform query`). terraform-plugin-testing reads OpenTofu's
// version as if it were Terraform's, so tfversion.SkipBelow(1.12) or SkipBelow(1.14) skips
// such tests on OpenTofu 1.11 only because its number is lower, and would run them on an
// OpenTofu 1.12 or 1.14. Every test that relies on identity or query says so with one of the
// two rules below, beside its version check.

// notOnOpenTofu is a TerraformVersionCheck that skips the test on OpenTofu, for a test case's
// TerraformVersionChecks. feature names what OpenTofu lacks, for the skip message.
func notOnOpenTofu(feature string) tfversion.TerraformVersionCheck {
	return openTofuCheck{feature: feature}
}

type openTofuCheck struct{ feature string }

func (c openTofuCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	skip, err := openTofuSkip(c.feature)
	if err != nil {
		resp.Error = err
		return
	}
	resp.Skip = skip
}

// skipOnOpenTofu skips t on OpenTofu, for tests that run the CLI themselves rather than
// through resource.Test.
func skipOnOpenTofu(t testing.TB, feature string) {
	t.Helper()
	skip, err := openTofuSkip(feature)
	if err != nil {
		t.Fatal(err)
	}
	if skip != "" {
		t.Skip(skip)
	}
}

// openTofuSkip is the reason to skip a test that needs feature, or "" on Terraform.
func openTofuSkip(feature string) (string, error) {
	cli, err := testCLI()
	if err != nil || !cli.openTofu() {
		return "", err
	}
	return fmt.Sprintf("%s has no %s (%s)", cli.name, feature, cli.path), nil
}

// fakeCLI writes an executable that prints version as a CLI's `version` does.
func fakeCLI(t *testing.T, version string) string {
	t.Helper()
	path := t.TempDir() + "/cli"
	script := fmt.Sprintf("#!/bin/sh\necho %q\necho on linux_amd64\n", version)
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

// useTestCLI makes the tests' CLI the one at path until t ends.
func useTestCLI(t *testing.T, path string) {
	t.Helper()
	old := testCLI
	t.Cleanup(func() { testCLI = old })
	testCLI = func() (testCLIInfo, error) { return describeCLI(path) }
}

func TestOpenTofuRules(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("needs sh to stand in for a CLI")
	}
	v114 := tfversion.Version1_14_0
	for _, tc := range []struct {
		version  string
		wantSkip string
		host     string
	}{
		{version: "Terraform v1.14.9", host: ""},
		{version: "OpenTofu v1.11.6", wantSkip: "OpenTofu v1.11.6 has no terraform query", host: openTofuRegistryHost},
		// The case the rule exists for: an OpenTofu whose number passes SkipBelow(1.14).
		{version: "OpenTofu v1.14.0", wantSkip: "OpenTofu v1.14.0 has no terraform query", host: openTofuRegistryHost},
	} {
		t.Run(tc.version, func(t *testing.T) {
			useTestCLI(t, fakeCLI(t, tc.version))
			t.Setenv(resource.EnvTfAccProviderHost, "")

			line, err := selectTestCLI()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(line, tc.version) {
				t.Errorf("selectTestCLI() = %q, want it to name %s", line, tc.version)
			}
			if got := os.Getenv(resource.EnvTfAccProviderHost); got != tc.host {
				t.Errorf("%s = %q, want %q", resource.EnvTfAccProviderHost, got, tc.host)
			}

			req := tfversion.CheckTerraformVersionRequest{TerraformVersion: v114}
			var below tfversion.CheckTerraformVersionResponse
			tfversion.SkipBelow(v114).CheckTerraformVersion(t.Context(), req, &below)
			if below.Skip != "" {
				t.Fatalf("SkipBelow(1.14) skips version 1.14.0 (%q): the case below proves nothing", below.Skip)
			}
			var resp tfversion.CheckTerraformVersionResponse
			notOnOpenTofu("terraform query").CheckTerraformVersion(t.Context(), req, &resp)
			if resp.Error != nil {
				t.Fatal(resp.Error)
			}
			if !strings.HasPrefix(resp.Skip, tc.wantSkip) || (tc.wantSkip == "") != (resp.Skip == "") {
				t.Errorf("notOnOpenTofu skip = %q, want %q", resp.Skip, tc.wantSkip)
			}

			var sub *testing.T
			t.Run("skipOnOpenTofu", func(t *testing.T) {
				sub = t
				skipOnOpenTofu(t, "terraform query")
			})
			if got, want := sub.Skipped(), tc.wantSkip != ""; got != want {
				t.Errorf("skipOnOpenTofu skipped = %v, want %v", got, want)
			}
		})
	}
}

func TestNotOnOpenTofuWithoutCLI(t *testing.T) {
	useTestCLI(t, t.TempDir()+"/missing")
	var resp tfversion.CheckTerraformVersionResponse
	notOnOpenTofu("terraform query").CheckTerraformVersion(t.Context(), tfversion.CheckTerraformVersionRequest{}, &resp)
	if resp.Error == nil || resp.Skip != "" {
		t.Errorf("with no CLI: error %v, skip %q; want an error and no skip", resp.Error, resp.Skip)
	}
}
