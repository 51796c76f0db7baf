package provider

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

func (r *TicketResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg TicketResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	seen := map[string]bool{}
	for _, a := range ticketAssociations(ctx, cfg.Associations, &resp.Diagnostics) {
		if isKnown(a.ObjectType) {
			ot := a.ObjectType.ValueString()
			if _, ok := hubspot.ObjectTypeID(ot); !ok && !ticketCustomTypeRE.MatchString(strings.TrimSpace(ot)) {
				resp.Diagnostics.AddAttributeError(path.Root("associations"), "Invalid association object type",
					fmt.Sprintf("%q is not an object type HubSpot knows: use a standard object's name (contacts, companies, deals, tickets, …) or an object type id (0-1, 2-12345).", ot))
				continue
			}
		}
		if !ticketAssociationKnown(a) {
			continue
		}
		k := ticketAssociationKey(a)
		if seen[k] {
			resp.Diagnostics.AddAttributeError(path.Root("associations"), "Duplicate association",
				fmt.Sprintf("The association with %s is listed twice, written two ways (the object type by name and by id, or category left out and set to HUBSPOT_DEFINED). List each association once.", ticketDescribeAssociation(a)))
		}
		seen[k] = true
	}
}

func ticketSortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ticketValue is one property value a plan sets, with the attribute it comes from.
type ticketValue struct {
	at       path.Path
	attr     string
	property string
	value    string
}

// changedValues lists the property values the plan sets that differ from the state (all of
// them on create), leaving out the pipeline and stage, which are checked together, and the
// values not known yet.
func ticketChangedValues(plan, state *TicketResourceModel) []ticketValue {
	var out []ticketValue
	for _, a := range ticketAttrs {
		if a.property == hubspot.TicketPropPipeline || a.property == hubspot.TicketPropStage {
			continue
		}
		v := *a.field(plan)
		if !isKnown(v) || (state != nil && a.field(state).Equal(v)) {
			continue
		}
		out = append(out, ticketValue{at: path.Root(a.name), attr: a.name, property: a.property, value: v.ValueString()})
	}
	if !isKnown(plan.Properties) {
		return out
	}
	var prior map[string]attr.Value
	if state != nil && isKnown(state.Properties) {
		prior = state.Properties.Elements()
	}
	elems := plan.Properties.Elements()
	for _, name := range ticketSortedKeys(elems) {
		v, ok := elems[name].(types.String)
		if !ok || !isKnown(v) || (prior != nil && prior[name] != nil && prior[name].Equal(v)) {
			continue
		}
		out = append(out, ticketValue{at: path.Root("properties").AtMapKey(name), attr: "properties[" + strconv.Quote(name) + "]", property: name, value: v.ValueString()})
	}
	return out
}

func (r *TicketResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return
	}
	var plan TicketResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	var state *TicketResourceModel
	if !req.State.Raw.IsNull() {
		state = &TicketResourceModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	defs := &ticketPropertyDefs{client: r.client}
	for _, v := range ticketChangedValues(&plan, state) {
		r.checkValue(ctx, defs, v, &resp.Diagnostics)
	}
	var configuredPipeline types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("pipeline_id"), &configuredPipeline)...)
	r.checkStage(ctx, &plan, state, !configuredPipeline.IsNull(), &resp.Diagnostics)
	r.checkAssociationTypes(ctx, &plan, state, &resp.Diagnostics)
	r.checkUniqueValues(ctx, defs, &plan, state, &resp.Diagnostics)
}

// ticketPropertyDefs looks up ticket property definitions: from the client's shared list,
// then by name (a property of another sensitivity level, or one created since the list was
// read).
type ticketPropertyDefs struct {
	client hubspot.API
	list   map[string]*hubspot.Property
	// reported is set once a failed lookup has failed the plan, so that one resource shows
	// one error for it, not one per value.
	reported bool
}

// get returns the definition, nil for a property that does not exist, or the error HubSpot
// answered.
func (d *ticketPropertyDefs) get(ctx context.Context, name string) (*hubspot.Property, error) {
	if d.list == nil {
		all, err := d.client.ListProperties(ctx, hubspot.TicketObjectType, hubspot.PropertyQuery{})
		if err != nil {
			return nil, err
		}
		d.list = map[string]*hubspot.Property{}
		for i := range all {
			d.list[all[i].Name] = &all[i]
		}
	}
	if p, ok := d.list[name]; ok {
		return p, nil
	}
	p, err := hubspot.FindProperty(ctx, d.client, hubspot.TicketObjectType, name)
	switch {
	case hubspot.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	}
	d.list[name] = p
	return p, nil
}

// failed fails the plan for a check that could not run, once per resource.
func (d *ticketPropertyDefs) failed(diags *diag.Diagnostics, v ticketValue, err error) {
	if d.reported {
		return
	}
	d.reported = true
	checkFailed(diags, v.at, fmt.Sprintf("%s against the definition of the ticket property %s", v.attr, v.property), err)
}

// checkValue checks one value against the property's definition, as HubSpot will on apply.
func (r *TicketResource) checkValue(ctx context.Context, defs *ticketPropertyDefs, v ticketValue, diags *diag.Diagnostics) {
	def, err := defs.get(ctx, v.property)
	if err != nil {
		defs.failed(diags, v, err)
		return
	}
	fail := func(summary, detail string, args ...any) {
		diags.AddAttributeError(v.at, summary, fmt.Sprintf(detail, args...))
	}
	// A property this ticket depends on was planned before it and is in the registry.
	var planned *plannedTicketProperty
	if pp, ok := runplan.Lookup[plannedTicketProperty](r.plans, runplan.TicketProperty, v.property); ok {
		planned = &pp
	}
	if def == nil {
		if planned != nil {
			// Created by this run, before this ticket: HubSpot checks the value on apply.
			return
		}
		fail("Unknown ticket property", "%s: the account has no ticket property named %q (or it is archived). Check the internal name. "+
			"For a property created in the same configuration, use its hubspot_ticket_property resource's id as the key, or add the resource to depends_on, "+
			"so that Terraform creates the property before the ticket.", v.attr, v.property)
		return
	}
	if def.Calculated || (def.ModificationMetadata != nil && def.ModificationMetadata.ReadOnlyValue) {
		fail("Read-only ticket property", "%s: HubSpot sets %s (%s) itself; its value cannot be written. Remove it from the configuration.", v.attr, v.property, def.Label)
		return
	}
	msg, err := r.valueProblem(ctx, def, planned, v.value)
	if err != nil {
		defs.failed(diags, v, err)
		return
	}
	if msg != "" {
		fail("Invalid ticket property value", "%s: %s", v.attr, msg)
	}
}

// valueProblem says what is wrong with a value for a property, or "" when HubSpot will take it.
// planned, when not nil, is what this run's plan makes of the property: its new options are
// allowed too, and a type that changes or is not known yet leaves the value to HubSpot.
func (r *TicketResource) valueProblem(ctx context.Context, def *hubspot.Property, planned *plannedTicketProperty, value string) (string, error) {
	if planned != nil && planned.typ != def.Type {
		return "", nil
	}
	return ticketValueProblem(def, planned, value, func(id string) error {
		_, err := r.client.GetOwner(ctx, id)
		return err
	})
}

// ticketValueProblem is valueProblem with the owner lookup passed in.
func ticketValueProblem(def *hubspot.Property, planned *plannedTicketProperty, value string, getOwner func(string) error) (string, error) {
	switch def.Type {
	case "enumeration":
		if strings.EqualFold(def.ReferencedObjectType, "OWNER") {
			err := getOwner(value)
			if hubspot.IsNotFound(err) {
				return fmt.Sprintf("%q is not the id of an active owner of the account (see the hubspot_owners data source).", value), nil
			}
			return "", err
		}
		return ticketOptionProblem(def, planned, value), nil
	case "string":
		if n := utf8.RuneCountInString(value); n > maxTicketStringLength {
			return fmt.Sprintf("the value has %d characters; HubSpot keeps at most %d in a text property such as %s.", n, maxTicketStringLength, def.Name), nil
		}
	case "number":
		if !ticketIsNumber(value) {
			return fmt.Sprintf("%q is not a number; property %s takes numbers such as 42 or 1.5.", value, def.Name), nil
		}
	case "bool":
		if !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false") {
			return fmt.Sprintf("%q is not a boolean; property %s takes true or false.", value, def.Name), nil
		}
	case "date":
		t, ok := parseTicketTime(value)
		if !ok || !t.Equal(t.Truncate(24*time.Hour)) {
			return fmt.Sprintf("%q is not a date; property %s takes a date as YYYY-MM-DD (midnight UTC).", value, def.Name), nil
		}
	case "datetime":
		if _, ok := parseTicketTime(value); !ok {
			return fmt.Sprintf("%q is not a datetime; property %s takes ISO 8601 (2026-03-02T09:30:00Z) or epoch milliseconds.", value, def.Name), nil
		}
	}
	return "", nil
}

// ticketIsNumber reports whether HubSpot reads value as a finite number.
func ticketIsNumber(value string) bool {
	f, err := strconv.ParseFloat(value, 64)
	return err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// maxTicketStringLength is how many characters a text property holds (HubSpot's properties
// guide: a string is limited to 65,536 characters).
const maxTicketStringLength = 65536

// ticketOptionProblem checks a value of an enumeration with options of its own: one option,
// or for a checkbox several separated by ";". planned adds the options this run adds.
func ticketOptionProblem(def *hubspot.Property, planned *plannedTicketProperty, value string) string {
	if def.ExternalOptions {
		return ""
	}
	allowed := map[string]bool{}
	var names []string
	for _, o := range def.Options {
		allowed[o.Value] = true
		names = append(names, o.Value)
	}
	if planned != nil {
		if !planned.optionsKnown {
			return ""
		}
		for _, o := range planned.options {
			if !allowed[o] {
				allowed[o] = true
				names = append(names, o)
			}
		}
	}
	values := []string{value}
	if def.FieldType == "checkbox" {
		values = strings.Split(value, ";")
	}
	for _, x := range values {
		if !allowed[x] {
			multi := ""
			if def.FieldType == "checkbox" {
				multi = " Several values are separated by \";\"."
			}
			return fmt.Sprintf("%q is not an option of property %s. Allowed values: %s.%s", x, def.Name, strings.Join(names, ", "), multi)
		}
	}
	return ""
}

// defaultPipeline is the pipeline HubSpot puts a ticket in when none is given: the first
// active one in display order.
func ticketDefaultPipeline(list []hubspot.Pipeline) *hubspot.Pipeline {
	var best *hubspot.Pipeline
	for i := range list {
		p := &list[i]
		if p.Archived {
			continue
		}
		if best == nil || p.DisplayOrder < best.DisplayOrder || (p.DisplayOrder == best.DisplayOrder && p.CreatedAt.Before(best.CreatedAt)) {
			best = p
		}
	}
	return best
}

func ticketStageSummary(p *hubspot.Pipeline) string {
	var parts []string
	for _, s := range p.Stages {
		if !s.Archived {
			parts = append(parts, fmt.Sprintf("%s (%s)", s.ID, s.Label))
		}
	}
	return strings.Join(parts, ", ")
}

// checkStage checks that the planned stage belongs to the planned pipeline, when either
// changes and both are known (a pipeline or stage made in the same apply is not). configured
// says whether the configuration sets pipeline_id: when it does not, the ticket stays in the
// pipeline HubSpot has it in (the default pipeline for a new ticket).
func (r *TicketResource) checkStage(ctx context.Context, plan, state *TicketResourceModel, configured bool, diags *diag.Diagnostics) {
	if !isKnown(plan.StageID) || (configured && !isKnown(plan.PipelineID)) {
		return
	}
	if state != nil && plan.StageID.Equal(state.StageID) && plan.PipelineID.Equal(state.PipelineID) {
		return
	}
	stageID := plan.StageID.ValueString()
	list, err := r.client.ListPipelines(ctx, hubspot.TicketObjectType)
	if err != nil {
		checkFailed(diags, path.Root("stage_id"), fmt.Sprintf("that stage %q belongs to the ticket's pipeline", stageID), err)
		return
	}
	var pl *hubspot.Pipeline
	if isKnown(plan.PipelineID) {
		if pl = ticketFindPipeline(list, plan.PipelineID.ValueString()); pl == nil {
			diags.AddAttributeError(path.Root("pipeline_id"), "Unknown ticket pipeline",
				fmt.Sprintf("The account has no ticket pipeline with id %q. Use the id of an existing pipeline (the hubspot_ticket_pipelines data source lists them), or refer to a hubspot_ticket_pipeline resource's id.", plan.PipelineID.ValueString()))
			return
		}
	} else if pl = ticketDefaultPipeline(list); pl == nil {
		return
	}
	if ticketPipelineHasStage(pl, stageID) {
		return
	}
	other := ticketPipelineOfStage(list, stageID)
	switch {
	case other == nil:
		diags.AddAttributeError(path.Root("stage_id"), "Stage not in pipeline",
			fmt.Sprintf("Pipeline %s (%s) has no stage with id %q. Its stages are: %s.", pl.ID, pl.Label, stageID, ticketStageSummary(pl)))
	case !isKnown(plan.PipelineID):
		diags.AddAttributeError(path.Root("stage_id"), "Stage of another pipeline",
			fmt.Sprintf("Stage %q belongs to pipeline %s (%s), but without pipeline_id the ticket goes to the default pipeline %s (%s). Set pipeline_id = %q.",
				stageID, other.ID, other.Label, pl.ID, pl.Label, other.ID))
	case !configured:
		diags.AddAttributeError(path.Root("stage_id"), "Stage of another pipeline",
			fmt.Sprintf("Stage %q belongs to pipeline %s (%s), but the ticket is in pipeline %s (%s): it was moved there in HubSpot, or created there. "+
				"The configuration does not set pipeline_id, so Terraform leaves the ticket in the pipeline HubSpot has it in. "+
				"Set pipeline_id = %q to move it back with this stage, or choose a stage of pipeline %s: %s.",
				stageID, other.ID, other.Label, pl.ID, pl.Label, other.ID, pl.ID, ticketStageSummary(pl)))
	default:
		diags.AddAttributeError(path.Root("stage_id"), "Stage not in pipeline",
			fmt.Sprintf("Pipeline %s (%s) has no stage with id %q; that stage belongs to pipeline %s (%s). Set pipeline_id = %q, or choose a stage of pipeline %s: %s.",
				pl.ID, pl.Label, stageID, other.ID, other.Label, other.ID, pl.ID, ticketStageSummary(pl)))
	}
}

func ticketFindPipeline(list []hubspot.Pipeline, id string) *hubspot.Pipeline {
	for i := range list {
		if list[i].ID == id && !list[i].Archived {
			return &list[i]
		}
	}
	return nil
}

func ticketPipelineHasStage(p *hubspot.Pipeline, stageID string) bool {
	for _, s := range p.Stages {
		if s.ID == stageID && !s.Archived {
			return true
		}
	}
	return false
}

// ticketPipelineOfStage returns the active pipeline holding an active stage, or nil.
func ticketPipelineOfStage(list []hubspot.Pipeline, stageID string) *hubspot.Pipeline {
	for i := range list {
		if !list[i].Archived && ticketPipelineHasStage(&list[i], stageID) {
			return &list[i]
		}
	}
	return nil
}

// parseTicketTime reads a date or datetime in the forms HubSpot takes: epoch milliseconds,
// ISO 8601, or a bare date.
func parseTicketTime(s string) (time.Time, bool) {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// sameTicketValue reports whether two values of a property mean the same thing to HubSpot,
// which renders dates, numbers, booleans and multiple choices in its own way.
func sameTicketValue(def *hubspot.Property, a, b string) bool {
	if a == b {
		return true
	}
	if def == nil {
		return false
	}
	switch def.Type {
	case "date", "datetime":
		ta, okA := parseTicketTime(a)
		tb, okB := parseTicketTime(b)
		return okA && okB && ta.Equal(tb)
	case "number":
		fa, errA := strconv.ParseFloat(a, 64)
		fb, errB := strconv.ParseFloat(b, 64)
		return errA == nil && errB == nil && fa == fb
	case "bool":
		return strings.EqualFold(a, b)
	case "enumeration":
		if def.FieldType == "checkbox" {
			sa, sb := strings.Split(a, ";"), strings.Split(b, ";")
			sort.Strings(sa)
			sort.Strings(sb)
			return strings.Join(sa, ";") == strings.Join(sb, ";")
		}
	}
	return false
}
