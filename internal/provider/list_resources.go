package provider

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var _ provider.ProviderWithListResources = &HubspotProvider{}

// ListResources are what `terraform query` lists: one per resource type, each answering with
// the identities (and, with include_resource, the state) that import blocks and generated
// configuration need.
func (p *HubspotProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewTicketPipelineListResource,
		NewTicketPipelineStageListResource,
		NewTicketPropertyGroupListResource,
		NewTicketPropertyListResource,
		NewTicketListResource,
		NewAssociationLabelListResource,
	}
}

var _ list.ListResourceWithConfigure = &listResource[struct{}]{}

// listResource is the list resource of one resource type: the six share everything but the
// list block's configuration C, its schema, and how the objects are listed.
type listResource[C any] struct {
	client   hubspot.API
	typeName string
	schema   listschema.Schema
	// fill lists the objects the configuration asks for into out; it runs only as Terraform
	// reads the stream.
	fill func(ctx context.Context, c hubspot.API, cfg C, out *results) diag.Diagnostics
}

func (l *listResource[C]) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + l.typeName
}

func (l *listResource[C]) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (l *listResource[C]) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = l.schema
}

func (l *listResource[C]) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg C
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = streamResults(ctx, req, func(out *results) diag.Diagnostics {
		return l.fill(ctx, l.client, cfg, out)
	})
}

// includeHubSpotDefinedAttribute is the switch that adds the objects HubSpot creates with an
// account to a list: adopting them is rarely what a configuration wants, and destroying
// them afterwards only forgets them (see hubspot_defined_objects.go).
func includeHubSpotDefinedAttribute(what string) listschema.BoolAttribute {
	return listschema.BoolAttribute{
		MarkdownDescription: "Also list " + what + ". Defaults to `false`: only the objects made in the account are listed.",
		Optional:            true,
	}
}

// stringIdentitySchema is an identity of string attributes, every one needed to import.
func stringIdentitySchema(descriptions map[string]string) identityschema.Schema {
	attrs := make(map[string]identityschema.Attribute, len(descriptions))
	for name, d := range descriptions {
		attrs[name] = identityschema.StringAttribute{Description: d, RequiredForImport: true}
	}
	return identityschema.Schema{Attributes: attrs}
}

// results gathers a list resource's results: each knows its identity, and its resource
// object when Terraform asks for it (include_resource). It stops at Terraform's limit.
type results struct {
	ctx   context.Context
	req   list.ListRequest
	push  func(list.ListResult) bool
	count int64
}

// add pushes one result and reports whether Terraform wants more.
func (r *results) add(displayName string, identity, model any) bool {
	res := r.req.NewListResult(r.ctx)
	res.DisplayName = displayName
	res.Diagnostics.Append(res.Identity.Set(r.ctx, identity)...)
	if r.req.IncludeResource {
		res.Diagnostics.Append(res.Resource.Set(r.ctx, model)...)
	}
	r.count++
	if !r.push(res) {
		return false
	}
	return r.req.Limit <= 0 || r.count < r.req.Limit
}

// streamResults returns the stream a List sets: fill runs as Terraform reads the stream, so
// HubSpot is asked only then. An error (a diagnostic) ends the stream.
func streamResults(ctx context.Context, req list.ListRequest, fill func(r *results) diag.Diagnostics) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		r := &results{ctx: ctx, req: req, push: push}
		if diags := fill(r); diags.HasError() {
			push(list.ListResult{Diagnostics: diags})
		}
	}
}

// listFailure is the diagnostic of a list request HubSpot refused.
func listFailure(what string, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Unable to list "+what, fmt.Sprintf("Listing %s failed: %s", what, err))
	return diags
}
