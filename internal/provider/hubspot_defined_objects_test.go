package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func TestHubSpotDefinedObjects(t *testing.T) {
	epoch, later := time.Unix(0, 0).UTC(), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if !pipelineIsHubSpots(hubspot.Pipeline{ID: "0", CreatedAt: later}) || !pipelineIsHubSpots(hubspot.Pipeline{ID: "812", CreatedAt: epoch}) {
		t.Error("the default pipeline, or one created at epoch 0, is HubSpot's")
	}
	if pipelineIsHubSpots(hubspot.Pipeline{ID: "812", CreatedAt: later}) || pipelineIsHubSpots(hubspot.Pipeline{ID: "812"}) {
		t.Error("a pipeline made in the account, or one without a createdAt, is not HubSpot's")
	}
	if !stageIsHubSpots(hubspot.PipelineStage{ID: "1", CreatedAt: epoch}) || stageIsHubSpots(hubspot.PipelineStage{ID: "1", CreatedAt: later}) {
		t.Error("a stage is HubSpot's exactly when created at epoch 0")
	}
	props := []hubspot.Property{
		{Name: "subject", GroupName: "ticketinformation", HubspotDefined: true},
		{Name: "tier", GroupName: "support", HubspotDefined: false},
	}
	if !groupIsHubSpots("ticketinformation", props) || groupIsHubSpots("support", props) || groupIsHubSpots("empty", props) {
		t.Error("a group is HubSpot's exactly when it holds one of HubSpot's properties")
	}
}

// TestAccHubSpotDefinedObjects_destroyLeavesThem adopts a group and a stage that came with
// the account, destroys them, and finds them still in HubSpot; the pipeline and property
// cases are in their resources' tests.
func TestAccHubSpotDefinedObjects_destroyLeavesThem(t *testing.T) {
	c := testAccClientOrSkip(t)
	ctx := testCtx(t)
	group, err := c.GetPropertyGroup(ctx, propertyObjectType, "ticketinformation")
	if err != nil {
		t.Fatal(err)
	}
	stage, err := c.GetPipelineStage(ctx, pipelineObjectType, hubspot.DefaultTicketPipelineID, "1")
	if err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`
import {
  to = hubspot_ticket_property_group.info
  id = "ticketinformation"
}

resource "hubspot_ticket_property_group" "info" {
  name          = "ticketinformation"
  label         = %q
  display_order = %d
}

import {
  to = hubspot_ticket_pipeline_stage.new
  id = "0/1"
}

resource "hubspot_ticket_pipeline_stage" "new" {
  pipeline_id  = "0"
  label        = %q
  ticket_state = %q
}
`, group.Label, group.DisplayOrder, stage.Label, stage.TicketState())
	kept := func(ctx context.Context, _ *tfjson.State) error {
		if _, err := c.GetPropertyGroup(ctx, propertyObjectType, "ticketinformation"); err != nil {
			return fmt.Errorf("group ticketinformation after the destroy: %w", err)
		}
		if _, err := c.GetPipelineStage(ctx, pipelineObjectType, hubspot.DefaultTicketPipelineID, "1"); err != nil {
			return fmt.Errorf("stage 1 after the destroy: %w", err)
		}
		return nil
	}
	testAccParallel(t, resource.TestCase{
		CheckDestroy: func(*terraform.State) error { return kept(testCtx(t), nil) },
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				Config: `data "hubspot_ticket_property_groups" "all" {}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("hubspot_ticket_property_group.info", plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction("hubspot_ticket_pipeline_stage.new", plancheck.ResourceActionDestroy),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{stateCheck(kept)},
			},
		},
	})
}
