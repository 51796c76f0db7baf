package provider

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var (
	_ resource.Resource                   = &TicketResource{}
	_ resource.ResourceWithConfigure      = &TicketResource{}
	_ resource.ResourceWithImportState    = &TicketResource{}
	_ resource.ResourceWithValidateConfig = &TicketResource{}
	_ resource.ResourceWithModifyPlan     = &TicketResource{}
)

// NewTicketResource returns the hubspot_ticket resource.
func NewTicketResource() resource.Resource { return &TicketResource{} }

// TicketResource manages one HubSpot ticket and its associations with other records.
type TicketResource struct {
	client *hubspot.Client
}

// TicketResourceModel is the hubspot_ticket resource's data.
type TicketResourceModel struct {
	ID           types.String `tfsdk:"id"`
	Subject      types.String `tfsdk:"subject"`
	Content      types.String `tfsdk:"content"`
	PipelineID   types.String `tfsdk:"pipeline_id"`
	StageID      types.String `tfsdk:"stage_id"`
	Priority     types.String `tfsdk:"priority"`
	Category     types.String `tfsdk:"category"`
	OwnerID      types.String `tfsdk:"owner_id"`
	SourceType   types.String `tfsdk:"source_type"`
	Properties   types.Map    `tfsdk:"properties"`
	Associations types.Set    `tfsdk:"associations"`
	CreatedAt    types.String `tfsdk:"created_at"`
}

// TicketAssociationModel is one element of the associations set.
type TicketAssociationModel struct {
	ObjectType types.String `tfsdk:"object_type"`
	RecordID   types.String `tfsdk:"record_id"`
	TypeID     types.Int64  `tfsdk:"type_id"`
	Category   types.String `tfsdk:"category"`
}

var ticketAssociationAttrTypes = map[string]attr.Type{
	"object_type": types.StringType,
	"record_id":   types.StringType,
	"type_id":     types.Int64Type,
	"category":    types.StringType,
}

// ticketAttr ties a named attribute to the HubSpot property it sets. always marks the
// attributes that are tracked even when not configured (required or computed).
type ticketAttr struct {
	name     string
	property string
	always   bool
	field    func(m *TicketResourceModel) *types.String
}

var ticketAttrs = []ticketAttr{
	{"subject", hubspot.TicketPropSubject, true, func(m *TicketResourceModel) *types.String { return &m.Subject }},
	{"content", hubspot.TicketPropContent, false, func(m *TicketResourceModel) *types.String { return &m.Content }},
	{"pipeline_id", hubspot.TicketPropPipeline, true, func(m *TicketResourceModel) *types.String { return &m.PipelineID }},
	{"stage_id", hubspot.TicketPropStage, true, func(m *TicketResourceModel) *types.String { return &m.StageID }},
	{"priority", hubspot.TicketPropPriority, false, func(m *TicketResourceModel) *types.String { return &m.Priority }},
	{"category", hubspot.TicketPropCategory, false, func(m *TicketResourceModel) *types.String { return &m.Category }},
	{"owner_id", hubspot.TicketPropOwner, false, func(m *TicketResourceModel) *types.String { return &m.OwnerID }},
	{"source_type", hubspot.TicketPropSource, false, func(m *TicketResourceModel) *types.String { return &m.SourceType }},
}

// ticketAttrFor names the attribute that sets a property, or "" when none does.
func ticketAttrFor(property string) string {
	for _, a := range ticketAttrs {
		if a.property == property {
			return a.name
		}
	}
	return ""
}

var (
	ticketPropertyNameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	ticketRecordIDRE     = regexp.MustCompile(`^[0-9]+$`)
	ticketCustomTypeRE   = regexp.MustCompile(`^2-[0-9]+$`)
)

func (r *TicketResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_ticket"
}

func (r *TicketResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	notEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	optional := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc + " Removing the attribute clears the value in HubSpot; while it is not set, changes made in HubSpot are left alone.",
			Optional:            true,
			Validators:          notEmpty,
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a HubSpot ticket: its subject, pipeline and stage, the common ticket properties, any other properties you choose, " +
			"and its associations with other records (contacts, companies, deals, other tickets).\n\n" +
			"Only what the configuration sets is tracked. The properties HubSpot computes (`createdate`, `hs_lastmodifieddate`, `closed_date`, …) and " +
			"properties the configuration does not mention never show as changes; a change made outside Terraform to a property the configuration sets " +
			"shows as drift and is put back by the next apply.\n\n" +
			"Property values are checked at plan time against the account's property definitions (unknown properties, read-only properties, " +
			"enumeration options, owner ids, number, boolean and date formats), the stage against the pipeline, and association types against the " +
			"account's association types. Values that are only known after apply are checked by HubSpot when they are applied.\n\n" +
			"Moving a ticket to another pipeline (with a stage of that pipeline) is an update in place. Destroying the resource archives the ticket " +
			"(HubSpot keeps archived tickets in its recycle bin for 90 days).\n\n" +
			"**Import** by ticket id. Import reads back the named attributes that have a value in HubSpot; `properties` and `associations` stay empty, " +
			"because HubSpot cannot tell which of a ticket's many properties and links the configuration is meant to manage. The first plan after import " +
			"therefore shows the configured `properties` and `associations` being added; applying it writes those values and links, which leaves a " +
			"ticket that already has them unchanged. Named attributes that have a value in HubSpot but not in the configuration show as being removed.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The ticket's id (its `hs_object_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"subject": schema.StringAttribute{
				MarkdownDescription: "The ticket's name (the `subject` property).",
				Required:            true,
				Validators:          notEmpty,
			},
			"content": optional("The ticket's description (the `content` property)."),
			"pipeline_id": schema.StringAttribute{
				MarkdownDescription: "The id of the ticket's pipeline (`hs_pipeline`). When not set, HubSpot puts a new ticket in the account's default pipeline " +
					"and later moves made in HubSpot are left alone. Changing it moves the ticket in place; `stage_id` must then name a stage of the new pipeline.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				Validators:    notEmpty,
			},
			"stage_id": schema.StringAttribute{
				MarkdownDescription: "The id of the ticket's stage, its status (`hs_pipeline_stage`); a stage of the ticket's pipeline. " +
					"The default pipeline's stages are `1` (New), `2` (Waiting on contact), `3` (Waiting on us) and `4` (Closed).",
				Required:   true,
				Validators: notEmpty,
			},
			"priority":    optional("The ticket's priority (`hs_ticket_priority`): one of the property's options, by default `LOW`, `MEDIUM` or `HIGH`."),
			"category":    optional("The ticket's category (`hs_ticket_category`): one of the property's options, such as `PRODUCT_ISSUE`; several are separated by `;`."),
			"owner_id":    optional("The id of the ticket's owner (`hubspot_owner_id`), an owner of the account (see the `hubspot_owner` data source)."),
			"source_type": optional("The channel the ticket came from (`source_type`): one of the property's options, by default `CHAT`, `EMAIL`, `FORM` or `PHONE`."),
			"properties": schema.MapAttribute{
				MarkdownDescription: "Other ticket properties to set, by internal name, custom properties included (values as HubSpot takes them: text; " +
					"numbers; `true`/`false`; dates as `YYYY-MM-DD`; datetimes as ISO 8601). Properties with a named attribute cannot be set here. " +
					"Removing a key clears that property in HubSpot. A property created in the same configuration should be named through its resource's `id` " +
					"(`(hubspot_ticket_property.example.id) = \"…\"`) or be listed in `depends_on`, so that Terraform creates it before the ticket; the plan-time check " +
					"then accepts the property and the enumeration options its resource adds in the same apply.",
				Optional:    true,
				ElementType: types.StringType,
				Validators: []validator.Map{
					mapvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
			"associations": schema.SetNestedAttribute{
				MarkdownDescription: "The ticket's associations with other records. They are made with the ticket and changed in place. Only these links " +
					"are managed: links made in HubSpot are left alone, and a configured link removed in HubSpot shows as drift. HubSpot adds its " +
					"unlabeled default type under every labeled one (for example `339` under the Primary company type `26`); that extra link is not " +
					"managed. Removing a pair's unlabeled type also removes its labels, as HubSpot does.",
				Optional: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"object_type": schema.StringAttribute{
							MarkdownDescription: "The associated record's object type: `contacts`, `companies`, `deals`, `tickets` (or another standard type by name), or an object type id such as `0-1` or `2-12345`.",
							Required:            true,
							Validators:          notEmpty,
						},
						"record_id": schema.StringAttribute{
							MarkdownDescription: "The associated record's id.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.RegexMatches(ticketRecordIDRE, "must be a record id: digits only")},
						},
						"type_id": schema.Int64Attribute{
							MarkdownDescription: "The association type id from tickets to the object type, for example `16` (contact), `339` (company), `26` (Primary company), `28` (deal), or a custom label's type id.",
							Required:            true,
							Validators:          []validator.Int64{int64validator.AtLeast(1)},
						},
						"category": schema.StringAttribute{
							MarkdownDescription: "The association type's category: `HUBSPOT_DEFINED` (HubSpot's own types, assumed when not set), `USER_DEFINED` (custom labels), `INTEGRATOR_DEFINED` or `WORK`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.OneOf(hubspot.AssociationCategoryHubSpotDefined, hubspot.AssociationCategoryUserDefined, "INTEGRATOR_DEFINED", "WORK")},
						},
					},
				},
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the ticket was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *TicketResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if c := configuredClient(req.ProviderData, &resp.Diagnostics); c != nil {
		r.client = c
	}
}

func ticketKnown(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// associations reads the associations set; elements with unknown parts are returned too.
func ticketAssociations(ctx context.Context, set types.Set, diags *diag.Diagnostics) []TicketAssociationModel {
	if !ticketKnown(set) {
		return nil
	}
	var out []TicketAssociationModel
	diags.Append(set.ElementsAs(ctx, &out, false)...)
	return out
}

func ticketAssociationCategory(a TicketAssociationModel) string {
	if a.Category.IsNull() || a.Category.IsUnknown() {
		return hubspot.AssociationCategoryHubSpotDefined
	}
	return a.Category.ValueString()
}

// objectTypeKey is the form an object type is compared and sent in: the type id for the
// standard types, the value as given otherwise.
func ticketObjectTypeKey(objectType string) string {
	if id, ok := hubspot.ObjectTypeID(objectType); ok {
		return id
	}
	return strings.TrimSpace(objectType)
}

func ticketAssociationKey(a TicketAssociationModel) string {
	return fmt.Sprintf("%s/%s/%d/%s", ticketObjectTypeKey(a.ObjectType.ValueString()), a.RecordID.ValueString(), a.TypeID.ValueInt64(), ticketAssociationCategory(a))
}

func ticketAssociationPairKey(a TicketAssociationModel) string {
	return ticketObjectTypeKey(a.ObjectType.ValueString()) + "/" + a.RecordID.ValueString()
}

func ticketAssociationKnown(a TicketAssociationModel) bool {
	return ticketKnown(a.ObjectType) && ticketKnown(a.RecordID) && ticketKnown(a.TypeID) && !a.Category.IsUnknown()
}

func ticketDescribeAssociation(a TicketAssociationModel) string {
	return fmt.Sprintf("%s record %s with type %d", a.ObjectType.ValueString(), a.RecordID.ValueString(), a.TypeID.ValueInt64())
}

func (r *TicketResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg TicketResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if ticketKnown(cfg.Properties) {
		for _, name := range ticketSortedKeys(cfg.Properties.Elements()) {
			p := path.Root("properties").AtMapKey(name)
			if a := ticketAttrFor(name); a != "" {
				resp.Diagnostics.AddAttributeError(p, "Property set by a ticket attribute",
					fmt.Sprintf("The %s property is set with the %s attribute. Remove it from properties and set %s instead.", name, a, a))
				continue
			}
			if !ticketPropertyNameRE.MatchString(name) {
				resp.Diagnostics.AddAttributeError(p, "Invalid property name",
					fmt.Sprintf("%q is not a HubSpot property name: internal names are lowercase letters, digits and underscores, starting with a letter (for example my_property). Use the property's internal name, not its label.", name))
			}
		}
	}
	seen := map[string]bool{}
	for _, a := range ticketAssociations(ctx, cfg.Associations, &resp.Diagnostics) {
		if ticketKnown(a.ObjectType) {
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
		if !ticketKnown(v) || (state != nil && a.field(state).Equal(v)) {
			continue
		}
		out = append(out, ticketValue{at: path.Root(a.name), attr: a.name, property: a.property, value: v.ValueString()})
	}
	if !ticketKnown(plan.Properties) {
		return out
	}
	var prior map[string]attr.Value
	if state != nil && ticketKnown(state.Properties) {
		prior = state.Properties.Elements()
	}
	elems := plan.Properties.Elements()
	for _, name := range ticketSortedKeys(elems) {
		v, ok := elems[name].(types.String)
		if !ok || !ticketKnown(v) || (prior != nil && prior[name] != nil && prior[name].Equal(v)) {
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
	r.checkStage(ctx, &plan, state, &resp.Diagnostics)
	r.checkAssociationTypes(ctx, &plan, state, &resp.Diagnostics)
}

// ticketPropertyDefs looks up ticket property definitions: from the client's shared list,
// then by name (a property of another sensitivity level, or one created since the list was
// read). A failed lookup leaves the check to HubSpot at apply time.
type ticketPropertyDefs struct {
	client *hubspot.Client
	list   map[string]*hubspot.Property
	failed bool
}

// get returns the definition, nil with ok for a property that does not exist, or ok false
// when it could not be looked up.
func (d *ticketPropertyDefs) get(ctx context.Context, name string) (*hubspot.Property, bool) {
	if d.failed {
		return nil, false
	}
	if d.list == nil {
		all, err := d.client.ListProperties(ctx, hubspot.TicketObjectType)
		if err != nil {
			tflog.Warn(ctx, "ticket property definitions could not be read; values are left for HubSpot to check", map[string]any{"error": err.Error()})
			d.failed = true
			return nil, false
		}
		d.list = map[string]*hubspot.Property{}
		for i := range all {
			d.list[all[i].Name] = &all[i]
		}
	}
	if p, ok := d.list[name]; ok {
		return p, true
	}
	p, err := d.client.FindProperty(ctx, hubspot.TicketObjectType, name)
	switch {
	case hubspot.IsNotFound(err):
		return nil, true
	case err != nil:
		tflog.Warn(ctx, "ticket property definition could not be read", map[string]any{"property": name, "error": err.Error()})
		return nil, false
	}
	d.list[name] = p
	return p, true
}

// checkValue checks one value against the property's definition, as HubSpot will on apply.
func (r *TicketResource) checkValue(ctx context.Context, defs *ticketPropertyDefs, v ticketValue, diags *diag.Diagnostics) {
	def, ok := defs.get(ctx, v.property)
	if !ok {
		return
	}
	fail := func(summary, detail string, args ...any) {
		diags.AddAttributeError(v.at, summary, fmt.Sprintf(detail, args...))
	}
	var planned *plannedTicketProperty
	if pp, ok := plannedTicketProperties.load(r.client, v.property); ok {
		if p, ok := pp.(plannedTicketProperty); ok {
			planned = &p
		}
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
	if msg := r.valueProblem(ctx, def, planned, v.value); msg != "" {
		fail("Invalid ticket property value", "%s: %s", v.attr, msg)
	}
}

// valueProblem says what is wrong with a value for a property, or "" when HubSpot will take it.
// planned, when not nil, is what this run's plan makes of the property: its new options are
// allowed too, and a type that changes or is not known yet leaves the value to HubSpot.
func (r *TicketResource) valueProblem(ctx context.Context, def *hubspot.Property, planned *plannedTicketProperty, value string) string {
	if planned != nil && planned.typ != def.Type {
		return ""
	}
	switch def.Type {
	case "enumeration":
		if strings.EqualFold(def.ReferencedObjectType, "OWNER") {
			_, err := r.client.GetOwner(ctx, value)
			if hubspot.IsNotFound(err) {
				return fmt.Sprintf("%q is not the id of an active owner of the account (see the hubspot_owners data source).", value)
			}
			return ""
		}
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
	case "number":
		if f, err := strconv.ParseFloat(value, 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Sprintf("%q is not a number; property %s takes numbers such as 42 or 1.5.", value, def.Name)
		}
	case "bool":
		if !strings.EqualFold(value, "true") && !strings.EqualFold(value, "false") {
			return fmt.Sprintf("%q is not a boolean; property %s takes true or false.", value, def.Name)
		}
	case "date":
		t, ok := parseTicketTime(value)
		if !ok || !t.Equal(t.Truncate(24*time.Hour)) {
			return fmt.Sprintf("%q is not a date; property %s takes a date as YYYY-MM-DD (midnight UTC).", value, def.Name)
		}
	case "datetime":
		if _, ok := parseTicketTime(value); !ok {
			return fmt.Sprintf("%q is not a datetime; property %s takes ISO 8601 (2026-03-02T09:30:00Z) or epoch milliseconds.", value, def.Name)
		}
	}
	return ""
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
// changes and both are known (a pipeline or stage made in the same apply is not).
func (r *TicketResource) checkStage(ctx context.Context, plan, state *TicketResourceModel, diags *diag.Diagnostics) {
	if !ticketKnown(plan.StageID) || plan.PipelineID.IsNull() {
		return
	}
	if state != nil && plan.StageID.Equal(state.StageID) && plan.PipelineID.Equal(state.PipelineID) {
		return
	}
	stageID := plan.StageID.ValueString()
	var pl *hubspot.Pipeline
	if ticketKnown(plan.PipelineID) {
		p, err := r.client.GetPipeline(ctx, hubspot.TicketObjectType, plan.PipelineID.ValueString())
		if hubspot.IsNotFound(err) {
			diags.AddAttributeError(path.Root("pipeline_id"), "Unknown ticket pipeline",
				fmt.Sprintf("The account has no ticket pipeline with id %q. Use the id of an existing pipeline (the hubspot_ticket_pipelines data source lists them), or refer to a hubspot_ticket_pipeline resource's id.", plan.PipelineID.ValueString()))
			return
		}
		if err != nil {
			tflog.Warn(ctx, "ticket pipeline could not be read; the stage is left for HubSpot to check", map[string]any{"error": err.Error()})
			return
		}
		pl = p
	} else {
		// A new ticket without pipeline_id goes to the default pipeline.
		list, err := r.client.ListPipelines(ctx, hubspot.TicketObjectType)
		if err != nil {
			tflog.Warn(ctx, "ticket pipelines could not be read; the stage is left for HubSpot to check", map[string]any{"error": err.Error()})
			return
		}
		if pl = ticketDefaultPipeline(list); pl == nil {
			return
		}
		for _, s := range pl.Stages {
			if s.ID == stageID && !s.Archived {
				return
			}
		}
		for _, other := range list {
			for _, s := range other.Stages {
				if s.ID == stageID && !s.Archived && !other.Archived {
					diags.AddAttributeError(path.Root("stage_id"), "Stage of another pipeline",
						fmt.Sprintf("Stage %q belongs to pipeline %s (%s), but without pipeline_id the ticket goes to the default pipeline %s (%s). Set pipeline_id = %q.",
							stageID, other.ID, other.Label, pl.ID, pl.Label, other.ID))
					return
				}
			}
		}
	}
	for _, s := range pl.Stages {
		if s.ID == stageID && !s.Archived {
			return
		}
	}
	diags.AddAttributeError(path.Root("stage_id"), "Stage not in pipeline",
		fmt.Sprintf("Pipeline %s (%s) has no stage with id %q. Its stages are: %s.", pl.ID, pl.Label, stageID, ticketStageSummary(pl)))
}

// checkAssociationTypes checks the associations the plan adds against the account's
// association types from tickets.
func (r *TicketResource) checkAssociationTypes(ctx context.Context, plan, state *TicketResourceModel, diags *diag.Diagnostics) {
	have := map[string]bool{}
	if state != nil {
		for _, a := range ticketAssociations(ctx, state.Associations, diags) {
			have[ticketAssociationKey(a)] = true
		}
	}
	for _, a := range ticketAssociations(ctx, plan.Associations, diags) {
		if !ticketAssociationKnown(a) || have[ticketAssociationKey(a)] {
			continue
		}
		objectType := a.ObjectType.ValueString()
		list, err := r.client.ListAssociationTypes(ctx, hubspot.TicketObjectType, objectType)
		if err != nil {
			if hubspot.IsValidation(err) {
				diags.AddAttributeError(path.Root("associations"), "Unknown association object type",
					fmt.Sprintf("HubSpot does not know object type %q: %s", objectType, err))
			} else {
				tflog.Warn(ctx, "association types could not be read; the association is left for HubSpot to check", map[string]any{"error": err.Error()})
			}
			continue
		}
		typeID := int(a.TypeID.ValueInt64())
		var match *hubspot.AssociationType
		var available []string
		for i, t := range list {
			label := "unlabeled"
			if t.Label != nil {
				label = strconv.Quote(*t.Label)
			}
			available = append(available, fmt.Sprintf("%d (%s, %s)", t.TypeID, label, t.Category))
			if t.TypeID == typeID {
				match = &list[i]
			}
		}
		switch {
		case match == nil:
			diags.AddAttributeError(path.Root("associations"), "Unknown association type",
				fmt.Sprintf("There is no association type %d from tickets to %s. The types from tickets to %s are: %s.", typeID, objectType, objectType, strings.Join(available, ", ")))
		case match.Category != ticketAssociationCategory(a):
			diags.AddAttributeError(path.Root("associations"), "Wrong association category",
				fmt.Sprintf("Association type %d from tickets to %s is %s, not %s. Set category = %q for %s.", typeID, objectType, match.Category, ticketAssociationCategory(a), match.Category, ticketDescribeAssociation(a)))
		}
	}
}

// propertiesToSet gathers the property values of a create.
func ticketPropertiesToSet(plan *TicketResourceModel) map[string]string {
	props := map[string]string{}
	for _, a := range ticketAttrs {
		if v := *a.field(plan); ticketKnown(v) {
			props[a.property] = v.ValueString()
		}
	}
	if ticketKnown(plan.Properties) {
		for k, v := range plan.Properties.Elements() {
			if s, ok := v.(types.String); ok && ticketKnown(s) {
				props[k] = s.ValueString()
			}
		}
	}
	return props
}

func ticketAssociationSpec(a TicketAssociationModel) hubspot.AssociationSpec {
	return hubspot.AssociationSpec{Category: ticketAssociationCategory(a), TypeID: int(a.TypeID.ValueInt64())}
}

// apiError turns a HubSpot error into a diagnostic, on the associations attribute when
// HubSpot refused an association.
func ticketAPIError(diags *diag.Diagnostics, summary string, err error) {
	var partial *hubspot.PartialError
	if hubspot.HasSubCategory(err, "crm.associations.INVALID_ASSOCIATION_TYPE") || errors.As(err, &partial) {
		diags.AddAttributeError(path.Root("associations"), summary, err.Error())
		return
	}
	diags.AddError(summary, err.Error())
}

func (r *TicketResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan TicketResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := hubspot.TicketInput{Properties: ticketPropertiesToSet(&plan)}
	for _, a := range ticketAssociations(ctx, plan.Associations, &resp.Diagnostics) {
		in.Associations = append(in.Associations, hubspot.AssociationInput{ToID: a.RecordID.ValueString(), Types: []hubspot.AssociationSpec{ticketAssociationSpec(a)}})
	}
	t, err := r.client.CreateTicket(ctx, in)
	if err != nil {
		ticketAPIError(&resp.Diagnostics, "Unable to create ticket", err)
		return
	}
	plan.ID = types.StringValue(t.ID)
	plan.CreatedAt = types.StringValue(t.CreatedAt.UTC().Format(time.RFC3339))
	if !ticketKnown(plan.PipelineID) {
		plan.PipelineID = types.StringValue(t.Properties[hubspot.TicketPropPipeline])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}

func (r *TicketResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state TicketResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	// After import only the id is known: every named attribute is read back.
	importing := state.Subject.IsNull()
	var names []string
	for _, a := range ticketAttrs {
		if a.always || importing || !a.field(&state).IsNull() {
			names = append(names, a.property)
		}
	}
	var prior map[string]attr.Value
	if ticketKnown(state.Properties) {
		prior = state.Properties.Elements()
		names = append(names, ticketSortedKeys(prior)...)
	}
	t, err := r.client.GetTicket(ctx, state.ID.ValueString(), names)
	if hubspot.IsNotFound(err) {
		tflog.Info(ctx, "ticket no longer exists in HubSpot; removing it from state", map[string]any{"id": state.ID.ValueString()})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read ticket", err.Error())
		return
	}

	defs := &ticketPropertyDefs{client: r.client}
	// keep prefers the configured form of a value HubSpot renders differently.
	keep := func(name string, was types.String) types.String {
		got, ok := t.Properties[name]
		if !ok {
			return types.StringNull()
		}
		if ticketKnown(was) && was.ValueString() != got {
			if def, _ := defs.get(ctx, name); sameTicketValue(def, was.ValueString(), got) {
				return was
			}
		}
		return types.StringValue(got)
	}
	for _, a := range ticketAttrs {
		f := a.field(&state)
		if a.always || importing || !f.IsNull() {
			*f = keep(a.property, *f)
		}
	}
	if prior != nil {
		props := map[string]attr.Value{}
		for name, v := range prior {
			// The schema makes every element a string.
			str, _ := v.(types.String)
			if got := keep(name, str); !got.IsNull() {
				props[name] = got
			}
		}
		m, d := types.MapValue(types.StringType, props)
		resp.Diagnostics.Append(d...)
		state.Properties = m
	}
	state.CreatedAt = types.StringValue(t.CreatedAt.UTC().Format(time.RFC3339))

	if links := ticketAssociations(ctx, state.Associations, &resp.Diagnostics); len(links) > 0 {
		kept, err := r.presentAssociations(ctx, state.ID.ValueString(), links)
		if err != nil {
			resp.Diagnostics.AddError("Unable to read ticket associations", err.Error())
			return
		}
		set, d := types.SetValueFrom(ctx, types.ObjectType{AttrTypes: ticketAssociationAttrTypes}, kept)
		resp.Diagnostics.Append(d...)
		state.Associations = set
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// presentAssociations returns the managed associations HubSpot still has. Links HubSpot has
// that are not managed are not looked at.
func (r *TicketResource) presentAssociations(ctx context.Context, ticketID string, links []TicketAssociationModel) ([]TicketAssociationModel, error) {
	byType := map[string][]hubspot.AssociatedRecord{}
	for _, a := range links {
		ot := ticketObjectTypeKey(a.ObjectType.ValueString())
		if _, done := byType[ot]; done {
			continue
		}
		recs, err := r.client.ListRecordAssociations(ctx, hubspot.TicketObjectType, ticketID, a.ObjectType.ValueString())
		if err != nil {
			return nil, err
		}
		if recs == nil {
			recs = []hubspot.AssociatedRecord{}
		}
		byType[ot] = recs
	}
	kept := []TicketAssociationModel{}
	for _, a := range links {
		for _, rec := range byType[ticketObjectTypeKey(a.ObjectType.ValueString())] {
			if rec.ToObjectID != a.RecordID.ValueString() {
				continue
			}
			found := false
			for _, t := range rec.Types {
				found = found || (int64(t.TypeID) == a.TypeID.ValueInt64() && t.Category == ticketAssociationCategory(a))
			}
			if found {
				kept = append(kept, a)
			}
		}
	}
	return kept, nil
}

func (r *TicketResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan, state TicketResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()

	changes := map[string]string{}
	for _, a := range ticketAttrs {
		p, s := *a.field(&plan), *a.field(&state)
		if p.IsUnknown() || p.Equal(s) {
			continue
		}
		// A removed attribute clears the property.
		changes[a.property] = p.ValueString()
	}
	planProps, stateProps := map[string]attr.Value{}, map[string]attr.Value{}
	if ticketKnown(plan.Properties) {
		planProps = plan.Properties.Elements()
	}
	if ticketKnown(state.Properties) {
		stateProps = state.Properties.Elements()
	}
	for name, v := range planProps {
		if old, ok := stateProps[name]; !ok || !old.Equal(v) {
			str, _ := v.(types.String)
			changes[name] = str.ValueString()
		}
	}
	for name := range stateProps {
		if _, ok := planProps[name]; !ok {
			changes[name] = ""
		}
	}
	if len(changes) > 0 {
		if _, err := r.client.UpdateTicket(ctx, id, changes); err != nil {
			resp.Diagnostics.AddError("Unable to update ticket", err.Error())
			return
		}
	}

	if err := r.updateAssociations(ctx, id, ticketAssociations(ctx, state.Associations, &resp.Diagnostics), ticketAssociations(ctx, plan.Associations, &resp.Diagnostics)); err != nil {
		ticketAPIError(&resp.Diagnostics, "Unable to update ticket associations", err)
		return
	}
	plan.ID, plan.CreatedAt = state.ID, state.CreatedAt
	if !ticketKnown(plan.PipelineID) {
		plan.PipelineID = state.PipelineID
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// updateAssociations removes the associations the plan drops and makes the ones it adds,
// per object type in batches. Removals go first: removing a pair's unlabeled type removes
// its labels too, so the planned links of every pair that lost one are made again.
func (r *TicketResource) updateAssociations(ctx context.Context, ticketID string, before, after []TicketAssociationModel) error {
	inPlan := map[string]bool{}
	for _, a := range after {
		inPlan[ticketAssociationKey(a)] = true
	}
	inState := map[string]bool{}
	touched := map[string]bool{}
	removals := map[string][]hubspot.RecordAssociationInput{}
	var order []string
	for _, a := range before {
		inState[ticketAssociationKey(a)] = true
		if inPlan[ticketAssociationKey(a)] {
			continue
		}
		ot := ticketObjectTypeKey(a.ObjectType.ValueString())
		if _, ok := removals[ot]; !ok {
			order = append(order, ot)
		}
		removals[ot] = append(removals[ot], hubspot.RecordAssociationInput{FromID: ticketID, ToID: a.RecordID.ValueString(), Types: []hubspot.AssociationSpec{ticketAssociationSpec(a)}})
		touched[ticketAssociationPairKey(a)] = true
	}
	for _, ot := range order {
		if err := r.client.BatchArchiveRecordAssociationLabels(ctx, hubspot.TicketObjectType, ot, removals[ot]); err != nil {
			return err
		}
	}
	additions := map[string][]hubspot.RecordAssociationInput{}
	order = nil
	for _, a := range after {
		if inState[ticketAssociationKey(a)] && !touched[ticketAssociationPairKey(a)] {
			continue
		}
		ot := ticketObjectTypeKey(a.ObjectType.ValueString())
		if _, ok := additions[ot]; !ok {
			order = append(order, ot)
		}
		additions[ot] = append(additions[ot], hubspot.RecordAssociationInput{FromID: ticketID, ToID: a.RecordID.ValueString(), Types: []hubspot.AssociationSpec{ticketAssociationSpec(a)}})
	}
	for _, ot := range order {
		if err := r.client.BatchCreateRecordAssociations(ctx, hubspot.TicketObjectType, ot, additions[ot]); err != nil {
			return err
		}
	}
	return nil
}

func (r *TicketResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TicketResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.ArchiveTicket(ctx, state.ID.ValueString()); err != nil && !hubspot.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to archive ticket", err.Error())
	}
}

func (r *TicketResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importedByIdentity(ctx, req, resp) {
		return
	}
	if !ticketRecordIDRE.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid ticket id", fmt.Sprintf("%q is not a ticket id: import a ticket by its numeric id (its hs_object_id), for example 1234567.", req.ID))
		return
	}
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
	resp.Diagnostics.Append(setIdentityFromState(ctx, resp.State, resp.Identity)...)
}
