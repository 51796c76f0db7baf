package provider

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// The acceptance tests run on the CLI terraform-plugin-testing picks: the one
// TF_ACC_TERRAFORM_PATH names, else `terraform` on PATH. CI runs them on the Terraform on PATH,
// on Terraform 1.14 and on OpenTofu 1.11 (scripts/testacc-clis.sh).

// envTfAccTerraformPath is terraform-plugin-testing's variable naming the CLI binary.
const envTfAccTerraformPath = "TF_ACC_TERRAFORM_PATH"

// openTofuRegistryHost is the host OpenTofu gives a provider whose configuration names no
// source, as the tests' configurations do.
const openTofuRegistryHost = "registry.opentofu.org"

// selectTestCLI finds the CLI the tests will run on, prepares the environment for it and
// returns one line naming it. terraform-plugin-testing serves the provider under test at
// registry.terraform.io/hashicorp/hubspot unless TF_ACC_PROVIDER_HOST says otherwise, and
// OpenTofu resolves `hubspot` to registry.opentofu.org/hashicorp/hubspot, so on OpenTofu,
// without the host, every test would fail looking for the provider on OpenTofu's registry.
func selectTestCLI() (string, error) {
	path := os.Getenv(envTfAccTerraformPath)
	if path == "" {
		var err error
		if path, err = exec.LookPath("terraform"); err != nil {
			return "", fmt.Errorf("no Terraform CLI: set %s or put terraform on PATH: %w", envTfAccTerraformPath, err)
		}
	}
	cmd := exec.Command(path, "version")
	// The machine's CLI configuration file has no bearing on which CLI this is.
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("running %s version: %w", path, err)
	}
	name, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if strings.HasPrefix(name, "OpenTofu ") && os.Getenv(resource.EnvTfAccProviderHost) == "" {
		if err := os.Setenv(resource.EnvTfAccProviderHost, openTofuRegistryHost); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("acceptance tests run on %s (%s)", name, path), nil
}
