package provider

import (
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// The objects HubSpot creates with every account: the default ticket pipeline and the stages
// it starts with, HubSpot's own ticket properties, and the property groups that hold them.
// They can be adopted like any other object, but HubSpot does not delete them, so the
// resources follow one rule for them: destroying one (or removing it from the configuration)
// leaves the object in HubSpot and only removes it from the state, with a warning at plan and
// at apply. The list resources leave them out unless include_hubspot_defined is set.

// hubspotEpoch is the createdAt HubSpot gives the pipeline and stages it creates with an
// account (the pipelines API's spec: default pipelines and stages are created at epoch 0).
var hubspotEpoch = time.Unix(0, 0)

func pipelineIsHubSpots(p hubspot.Pipeline) bool {
	return p.ID == hubspot.DefaultTicketPipelineID || p.CreatedAt.Equal(hubspotEpoch)
}

func stageIsHubSpots(s hubspot.PipelineStage) bool {
	return s.CreatedAt.Equal(hubspotEpoch)
}

// groupIsHubSpots tells a group that holds one of HubSpot's own properties: HubSpot neither
// archives those nor lets them move, so it can never delete the group. Groups carry no flag
// of their own.
func groupIsHubSpots(name string, properties []hubspot.Property) bool {
	for _, p := range properties {
		if p.GroupName == name && p.HubspotDefined {
			return true
		}
	}
	return false
}
