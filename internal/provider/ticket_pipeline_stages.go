package provider

import (
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/stageorder"
)

// TicketPipelineStageModel is one element of the resource's stages list.
type TicketPipelineStageModel struct {
	Key         types.String `tfsdk:"key"`
	ID          types.String `tfsdk:"id"`
	Label       types.String `tfsdk:"label"`
	TicketState types.String `tfsdk:"ticket_state"`
}

var ticketPipelineStageAttrTypes = map[string]attr.Type{
	"key":          types.StringType,
	"id":           types.StringType,
	"label":        types.StringType,
	"ticket_state": types.StringType,
}

var ticketPipelineStageType = types.ObjectType{AttrTypes: ticketPipelineStageAttrTypes}

func (s TicketPipelineStageModel) object() types.Object {
	return types.ObjectValueMust(ticketPipelineStageAttrTypes, map[string]attr.Value{
		"key": s.Key, "id": s.ID, "label": s.Label, "ticket_state": s.TicketState,
	})
}

// pipelineStages returns the elements of a stages list, and false when the list or one of its
// elements is null or unknown.
func pipelineStages(list types.List) ([]TicketPipelineStageModel, bool) {
	if !isKnown(list) {
		return nil, false
	}
	out := make([]TicketPipelineStageModel, 0, len(list.Elements()))
	for _, el := range list.Elements() {
		obj, ok := el.(types.Object)
		if !ok || !isKnown(obj) {
			return nil, false
		}
		a := obj.Attributes()
		str := func(name string) types.String {
			if v, ok := a[name].(types.String); ok {
				return v
			}
			return types.StringUnknown()
		}
		out = append(out, TicketPipelineStageModel{Key: str("key"), ID: str("id"), Label: str("label"), TicketState: str("ticket_state")})
	}
	return out, true
}

func stagesList(stages []TicketPipelineStageModel) types.List {
	elems := make([]attr.Value, len(stages))
	for i, s := range stages {
		elems[i] = s.object()
	}
	return types.ListValueMust(ticketPipelineStageType, elems)
}

func stageIDsMap(stages []TicketPipelineStageModel) types.Map {
	ids := make(map[string]attr.Value, len(stages))
	for _, s := range stages {
		ids[s.Key.ValueString()] = s.ID
	}
	return types.MapValueMust(types.StringType, ids)
}

// stateStageKeys maps the stage ids in state to their keys.
func stateStageKeys(m TicketPipelineResourceModel) map[string]string {
	keys := map[string]string{}
	stages, _ := pipelineStages(m.Stages)
	for _, s := range stages {
		if isKnown(s.ID) {
			keys[s.ID.ValueString()] = s.Key.ValueString()
		}
	}
	return keys
}

// ticketPipelineModel maps a pipeline to the resource's data. keys gives the key of each stage
// id known to Terraform; other stages get keys derived from their labels.
func ticketPipelineModel(p *hubspot.Pipeline, keys map[string]string) TicketPipelineResourceModel {
	stages := sortedActiveStages(p.Stages)
	derived := deriveStageKeys(stages, keys)
	out := make([]TicketPipelineStageModel, len(stages))
	for i, s := range stages {
		state := types.StringNull()
		if st := s.TicketState(); st != "" {
			state = types.StringValue(st)
		}
		out[i] = TicketPipelineStageModel{
			Key: types.StringValue(derived[i]), ID: types.StringValue(s.ID),
			Label: types.StringValue(s.Label), TicketState: state,
		}
	}
	return TicketPipelineResourceModel{
		ID:           types.StringValue(p.ID),
		Label:        types.StringValue(p.Label),
		DisplayOrder: types.Int64Value(int64(p.DisplayOrder)),
		Stages:       stagesList(out),
		StageIDs:     stageIDsMap(out),
	}
}

// sortedActiveStages returns the non-archived stages in HubSpot's display order.
func sortedActiveStages(stages []hubspot.PipelineStage) []hubspot.PipelineStage {
	out := make([]hubspot.PipelineStage, 0, len(stages))
	for _, s := range stages {
		if !s.Archived {
			out = append(out, s)
		}
	}
	slices.SortStableFunc(out, func(a, b hubspot.PipelineStage) int { return stageorder.Compare(orderedStage(a), orderedStage(b)) })
	return out
}

// orderedStage is a stage as the stage order sees it.
func orderedStage(s hubspot.PipelineStage) stageorder.Stage {
	return stageorder.Stage{ID: s.ID, Label: s.Label, State: s.TicketState(), Order: s.DisplayOrder}
}

// deriveStageKeys returns each stage's key: the known one, or one derived from its label as the
// resource documentation describes.
func deriveStageKeys(stages []hubspot.PipelineStage, known map[string]string) []string {
	used := map[string]bool{}
	for _, s := range stages {
		if k, ok := known[s.ID]; ok {
			used[k] = true
		}
	}
	keys := make([]string, len(stages))
	for i, s := range stages {
		if k, ok := known[s.ID]; ok {
			keys[i] = k
			continue
		}
		slug := stageKeySlug(s.Label)
		k := slug
		if k == "" || used[k] {
			k = strings.TrimPrefix(slug+"_"+s.ID, "_")
		}
		used[k] = true
		keys[i] = k
	}
	return keys
}

// stageKeySlug is the label in lower case with each run of characters other than a-z and 0-9
// replaced by one underscore, without underscores at either end.
func stageKeySlug(label string) string {
	var b strings.Builder
	pending := false
	for _, r := range strings.ToLower(label) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(r)
			continue
		}
		pending = true
	}
	return b.String()
}
