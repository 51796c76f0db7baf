package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// Identity import blocks need Terraform 1.12, `terraform query` 1.14. Both checks skip the
// test on an older CLI, and on OpenTofu, which has neither.
var (
	testAccNeedsIdentity = []tfversion.TerraformVersionCheck{notOnOpenTofu("resource identity"), tfversion.SkipBelow(tfversion.Version1_12_0)}
	testAccNeedsQuery    = []tfversion.TerraformVersionCheck{notOnOpenTofu("terraform query"), tfversion.SkipBelow(tfversion.Version1_14_0)}
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

// capturedInt64 is capturedString for a number, which the query's JSON holds as json.Number.
type capturedInt64 struct{ v *int64 }

func (c capturedInt64) CheckValue(other any) error {
	n, ok := other.(json.Number)
	if !ok {
		return fmt.Errorf("expected a json.Number, got %T", other)
	}
	if n.String() != strconv.FormatInt(*c.v, 10) {
		return fmt.Errorf("expected %d, got %s", *c.v, n)
	}
	return nil
}

func (c capturedInt64) String() string { return strconv.FormatInt(*c.v, 10) }

// testAccPipeline creates a pipeline with open stages of the given labels outside Terraform,
// for tests whose configuration needs its ids as literals, and deletes it afterwards.
func testAccPipeline(t *testing.T, stages ...string) *hubspot.Pipeline {
	t.Helper()
	in := hubspot.PipelineInput{Label: testName()}
	for i, s := range stages {
		in.Stages = append(in.Stages, hubspot.PipelineStageInput{Label: s, DisplayOrder: i, Metadata: map[string]string{hubspot.MetadataTicketState: hubspot.TicketStateOpen}})
	}
	c := testAccClient(t)
	p, err := c.CreatePipeline(testCtx(t), pipelineObjectType, in)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.DeletePipeline(context.Background(), pipelineObjectType, p.ID, hubspot.DeleteOptions{}); err != nil && !hubspot.IsNotFound(err) {
			t.Errorf("deleting pipeline %s: %v", p.ID, err)
		}
	})
	return p
}

// testAccStateString captures a string attribute of a resource in state.
func testAccStateString(addr, attr string, into *string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(addr, attr, func(v string) error { *into = v; return nil })
}

// testAccStateInt64 captures a number attribute of a resource in state.
func testAccStateInt64(addr, attr string, into *int64) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(addr, attr, func(v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		*into = n
		return err
	})
}
