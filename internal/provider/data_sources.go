package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

var (
	_ datasource.DataSourceWithConfigure        = &dataSource[struct{}]{}
	_ datasource.DataSourceWithConfigValidators = &dataSource[struct{}]{}
	_ datasource.DataSourceWithValidateConfig   = &dataSource[struct{}]{}
)

// dataSource is one of the provider's data sources: they share everything but their model M,
// schema, checks and how they read HubSpot.
type dataSource[M any] struct {
	client     hubspot.API
	typeName   string
	schema     schema.Schema
	validators []datasource.ConfigValidator
	// validate checks a configuration beyond what validators can express; nil for none.
	validate func(ctx context.Context, cfg *M, diags *diag.Diagnostics)
	// read fills the configuration's model from HubSpot; what it leaves in the model becomes
	// the state unless it reports an error.
	read func(ctx context.Context, c hubspot.API, m *M, diags *diag.Diagnostics)
}

func (d *dataSource[M]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + d.typeName
}

func (d *dataSource[M]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = d.schema
}

func (d *dataSource[M]) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return d.validators
}

func (d *dataSource[M]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = configuredClient(req.ProviderData, &resp.Diagnostics)
}

func (d *dataSource[M]) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	if d.validate == nil {
		return
	}
	var cfg M
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	d.validate(ctx, &cfg, &resp.Diagnostics)
}

func (d *dataSource[M]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m M
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if d.read(ctx, d.client, &m, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
