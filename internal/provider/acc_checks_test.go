package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// stateCheck turns a function of the state into a statecheck.StateCheck, for the checks
// knownvalue cannot express: those that ask HubSpot, or compare one step with another.
type stateCheck func(ctx context.Context, s *tfjson.State) error

func (f stateCheck) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f(ctx, req.State)
}

// stateAttributes returns the attribute values of the resource or data source at address.
func stateAttributes(s *tfjson.State, address string) (map[string]any, error) {
	if s == nil || s.Values == nil || s.Values.RootModule == nil {
		return nil, fmt.Errorf("%s: the state is empty", address)
	}
	for _, r := range s.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s not in state", address)
}

// stateString returns a string attribute of the resource at address ("" when null).
func stateString(s *tfjson.State, address, attr string) (string, error) {
	a, err := stateAttributes(s, address)
	if err != nil {
		return "", err
	}
	v, _ := a[attr].(string)
	return v, nil
}

// captureString records a string attribute of the resource at address into dst, for a later
// step to compare with.
func captureString(address, attr string, dst *string) stateCheck {
	return func(_ context.Context, s *tfjson.State) error {
		v, err := stateString(s, address, attr)
		if err != nil {
			return err
		}
		if v == "" {
			return fmt.Errorf("%s.%s is not set", address, attr)
		}
		*dst = v
		return nil
	}
}

// stateInt returns an integer attribute from a resource's attribute values.
func stateInt(a map[string]any, attr string) (int, error) {
	n, ok := a[attr].(json.Number)
	if !ok {
		return 0, fmt.Errorf("%s is %v, not a number", attr, a[attr])
	}
	v, err := n.Int64()
	return int(v), err
}

// valueFunc is a knownvalue.Check of a value of type T (map[string]any for a map or object,
// []any for a list or set) by a function, for the checks knownvalue has no form for.
type valueFunc[T any] func(v T) error

func (f valueFunc[T]) CheckValue(v any) error {
	t, ok := v.(T)
	if !ok {
		return fmt.Errorf("expected a %T, got %T (%v)", t, v, v)
	}
	return f(t)
}

func (f valueFunc[T]) String() string { return fmt.Sprintf("a %T checked by a function", *new(T)) }

// testAccCheckGone is a CheckDestroy that asks HubSpot about every managed resource of the
// given types left in the state: get reads its object, which must answer not found.
func testAccCheckGone(get map[string]func(*terraform.ResourceState) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			read, ok := get[rs.Type]
			if !ok || strings.HasPrefix(name, "data.") {
				continue
			}
			err := read(rs)
			if err == nil {
				return fmt.Errorf("%s %s still exists", rs.Type, rs.Primary.ID)
			}
			if !hubspot.IsNotFound(err) {
				return err
			}
		}
		return nil
	}
}

// testAccParallel runs an acceptance test case on the portal the tests share, in parallel with
// the others, with the portal guard and the provider every such case needs.
func testAccParallel(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.ParallelTest(t, testAccCase(t, tc))
}

// testAccSerial is testAccParallel for a case that must run while no parallel case does.
func testAccSerial(t *testing.T, tc resource.TestCase) {
	t.Helper()
	resource.Test(t, testAccCase(t, tc))
}

func testAccCase(t *testing.T, tc resource.TestCase) resource.TestCase {
	pre := tc.PreCheck
	tc.PreCheck = func() {
		testAccPreCheck(t)
		if pre != nil {
			pre()
		}
	}
	tc.ProtoV6ProviderFactories = testAccProtoV6ProviderFactories
	return tc
}

// captureInt64 is captureString for a number attribute.
func captureInt64(address, attr string, dst *int64) stateCheck {
	return func(_ context.Context, s *tfjson.State) error {
		a, err := stateAttributes(s, address)
		if err != nil {
			return err
		}
		n, err := stateInt(a, attr)
		*dst = int64(n)
		return err
	}
}

// expectAction is the plan check of a step that must plan action on the resource at address.
func expectAction(address string, action plancheck.ResourceActionType) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(address, action)}}
}

// behindTerraform is a PreConfig that changes the portal outside Terraform, as a user of
// HubSpot's own UI would, and fails the test if HubSpot refuses.
func behindTerraform(t *testing.T, change func(ctx context.Context, c *hubspot.Client) error) func() {
	return func() {
		if err := change(testCtx(t), testAccClient(t)); err != nil {
			t.Fatal(err)
		}
	}
}

// planStep is a step that applies config, planning action on the resource at address, then
// runs checks.
func planStep(config, address string, action plancheck.ResourceActionType, checks ...statecheck.StateCheck) resource.TestStep {
	return resource.TestStep{Config: config, ConfigPlanChecks: expectAction(address, action), ConfigStateChecks: checks}
}

// importStep imports the resource at address by its id and verifies that the import reads
// the state the previous step left.
func importStep(address string) resource.TestStep {
	return resource.TestStep{ResourceName: address, ImportState: true, ImportStateVerify: true}
}
