package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Identity import blocks need Terraform 1.12, `terraform query` 1.14. Both checks skip the
// test on an older CLI, and on OpenTofu, which has neither.
var (
	testAccNeedsIdentity = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}
	testAccNeedsQuery    = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}
)

// testAccQueryConfig is a .tfquery.hcl file: the provider and the given list blocks.
func testAccQueryConfig(lists ...string) string {
	return "provider \"hubspot\" {}\n\n" + strings.Join(lists, "\n")
}

// testAccListBlock is one list block with include_resource set and the given config lines.
func testAccListBlock(typ, name string, config ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "list %q %q {\n  provider         = hubspot\n  include_resource = true\n  limit            = 1000\n", typ, name)
	if len(config) > 0 {
		b.WriteString("  config {\n")
		for _, c := range config {
			b.WriteString("    " + c + "\n")
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// capturedString checks a value against one an earlier step captured (an id HubSpot chose).
type capturedString struct{ v *string }

func (c capturedString) CheckValue(other any) error {
	s, ok := other.(string)
	if !ok {
		return fmt.Errorf("expected a string, got %T", other)
	}
	if s != *c.v {
		return fmt.Errorf("expected %q, got %q", *c.v, s)
	}
	return nil
}

func (c capturedString) String() string { return *c.v }

var _ knownvalue.Check = capturedString{}
