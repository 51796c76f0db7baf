package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
	"github.com/supportops/terraform-provider-hubspot/internal/validators"
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
	client hubspot.API
	plans  *runplan.Registry
}

// TicketResourceModel is the hubspot_ticket resource's data.
type TicketResourceModel struct {
	ID           types.String      `tfsdk:"id"`
	Subject      types.String      `tfsdk:"subject"`
	Content      types.String      `tfsdk:"content"`
	PipelineID   types.String      `tfsdk:"pipeline_id"`
	StageID      types.String      `tfsdk:"stage_id"`
	Priority     types.String      `tfsdk:"priority"`
	Category     types.String      `tfsdk:"category"`
	OwnerID      types.String      `tfsdk:"owner_id"`
	SourceType   types.String      `tfsdk:"source_type"`
	Properties   types.Map         `tfsdk:"properties"`
	Associations types.Set         `tfsdk:"associations"`
	CreatedAt    timetypes.RFC3339 `tfsdk:"created_at"`
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

// ticketAttributeKey refuses a properties key that a named attribute sets, so that one value
// has one place in the configuration.
type ticketAttributeKey struct{}

func (ticketAttributeKey) Description(context.Context) string {
	return "must not name a property that a ticket attribute sets"
}

func (v ticketAttributeKey) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (ticketAttributeKey) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	name := req.ConfigValue.ValueString()
	if a := ticketAttrFor(name); a != "" && isKnown(req.ConfigValue) {
		resp.Diagnostics.AddAttributeError(req.Path, "Property set by a ticket attribute",
			fmt.Sprintf("The %s property is set with the %s attribute. Remove it from properties and set %s instead.", name, a, a))
	}
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
	ticketRecordIDRE   = regexp.MustCompile(`^[0-9]+$`)
	ticketCustomTypeRE = regexp.MustCompile(`^2-[0-9]+$`)
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
		MarkdownDescription: "Manages a HubSpot ticket: its subject, pipeline and stage, the common ticket properties, any other properties you choose, and its associations with other records (contacts, companies, deals, other tickets).",
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
					mapvalidator.KeysAre(validators.PropertyName("property"), ticketAttributeKey{}),
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
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the ticket was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *TicketResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if d := configuredData(req.ProviderData, &resp.Diagnostics); d != nil {
		r.client, r.plans = d.client, d.plans
	}
}

// propertiesToSet gathers the property values of a create.
func ticketPropertiesToSet(plan *TicketResourceModel) map[string]string {
	props := map[string]string{}
	for _, a := range ticketAttrs {
		if v := *a.field(plan); isKnown(v) {
			props[a.property] = v.ValueString()
		}
	}
	if isKnown(plan.Properties) {
		for k, v := range plan.Properties.Elements() {
			if s, ok := v.(types.String); ok && isKnown(s) {
				props[k] = s.ValueString()
			}
		}
	}
	return props
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
	ctx, settle, done := operationContexts(ctx)
	defer done()
	sent := uncertainTicket{Properties: in.Properties, SentAt: time.Now()}
	t, err := r.client.CreateObject(ctx, hubspot.TicketObjectType, in)
	var uncertain *hubspot.UncertainCreateError
	if errors.As(err, &uncertain) {
		// See ticket_uncertain.go.
		found, searchErr := r.findTicket(settle, sent, ticketSearchWaits)
		if found == nil {
			uncertainTicketError(&resp.Diagnostics, err, searchErr)
			rememberUncertain(ctx, &plan, sent, resp.Private, &resp.Diagnostics)
			resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
			return
		}
		resp.Diagnostics.AddWarning("HubSpot's answer to a create was lost",
			fmt.Sprintf("Creating the ticket: %s\n\nA search found ticket %s, created then with every value sent, so the provider took it into the state. Nothing was created twice.", err, found.ID))
		t, err = found, nil
	}
	if err != nil {
		ticketAPIError(&resp.Diagnostics, "Unable to create ticket", err)
		return
	}
	r.plans.Claim(runplan.Ticket, t.ID, t.ID)
	plan.ID = types.StringValue(t.ID)
	plan.CreatedAt = timetypes.NewRFC3339TimeValue(t.CreatedAt.UTC())
	if !isKnown(plan.PipelineID) {
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
	if u, ok := recalledUncertain(ctx, req.Private, &resp.Diagnostics); ok || state.ID.ValueString() == uncertainTicketID {
		if !r.settleUncertain(ctx, &state, u, req, resp) {
			return
		}
	} else {
		resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	}
	// After import only the id is known: every named attribute is read back.
	importing := state.Subject.IsNull()
	names, prior := ticketReadProperties(&state, importing)
	t, err := r.client.GetObject(ctx, hubspot.TicketObjectType, state.ID.ValueString(), names)
	r.plans.Claim(runplan.Ticket, state.ID.ValueString(), state.ID.ValueString())
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
		if isKnown(was) && was.ValueString() != got {
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
	state.CreatedAt = timetypes.NewRFC3339TimeValue(t.CreatedAt.UTC())

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

// ticketReadProperties are the properties a read of the ticket in state asks HubSpot for: the
// named attributes state holds (all of them when importing) and the properties map's keys,
// whose prior values it returns.
func ticketReadProperties(state *TicketResourceModel, importing bool) ([]string, map[string]attr.Value) {
	var names []string
	for _, a := range ticketAttrs {
		if a.always || importing || !a.field(state).IsNull() {
			names = append(names, a.property)
		}
	}
	var prior map[string]attr.Value
	if isKnown(state.Properties) {
		prior = state.Properties.Elements()
		names = append(names, ticketSortedKeys(prior)...)
	}
	return names, prior
}

func (r *TicketResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
	var plan, state TicketResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, _, done := operationContexts(ctx)
	defer done()
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
	if isKnown(plan.Properties) {
		planProps = plan.Properties.Elements()
	}
	if isKnown(state.Properties) {
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
		if _, err := r.client.UpdateObject(ctx, hubspot.TicketObjectType, id, changes); err != nil {
			resp.Diagnostics.AddError("Unable to update ticket", err.Error())
			return
		}
	}

	if err := r.updateAssociations(ctx, id, ticketAssociations(ctx, state.Associations, &resp.Diagnostics), ticketAssociations(ctx, plan.Associations, &resp.Diagnostics)); err != nil {
		ticketAPIError(&resp.Diagnostics, "Unable to update ticket associations", err)
		return
	}
	plan.ID, plan.CreatedAt = state.ID, state.CreatedAt
	if !isKnown(plan.PipelineID) {
		plan.PipelineID = state.PipelineID
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *TicketResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state TicketResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, settle, done := operationContexts(ctx)
	defer done()
	if state.ID.ValueString() == uncertainTicketID {
		// Planned without a refresh: the ticket of the uncertain create is looked for now.
		u, _ := recalledUncertain(ctx, req.Private, &resp.Diagnostics)
		if u.Properties == nil {
			u.Properties = ticketPropertiesToSet(&state)
		}
		found, err := r.findTicket(settle, u, []time.Duration{0})
		if err != nil {
			resp.Diagnostics.AddError("Unable to archive ticket", fmt.Sprintf("Searching for the ticket of an uncertain create failed: %s", err))
			return
		}
		if found == nil {
			return
		}
		state.ID = types.StringValue(found.ID)
	}
	if err := r.client.ArchiveObject(ctx, hubspot.TicketObjectType, state.ID.ValueString()); err != nil && !hubspot.IsNotFound(err) {
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
