package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Every resource's identity is a subset of its state attributes under the same names (the
// pipeline's id, the stage's pipeline_id and id, and so on), which never change once the
// object exists. So one pair of helpers serves all six resources: Create, Read, Update and the
// import by id derive the identity from the state, and the import by identity fills the state
// from it. Update sets it too because Terraform before 1.12 keeps no identity to plan with.

// identityNames lists the identity schema's attribute names, in a stable order.
func identityNames(id *tfsdk.ResourceIdentity) []string {
	names := make([]string, 0, len(id.Schema.GetAttributes()))
	for name := range id.Schema.GetAttributes() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// identityValue reads one attribute as the identity schema types it (a string or an int64).
func identityValue(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics, typ attr.Type, name string) (attr.Value, diag.Diagnostics) {
	if typ.Equal(types.Int64Type) {
		var v types.Int64
		d := get(ctx, path.Root(name), &v)
		return v, d
	}
	var v types.String
	d := get(ctx, path.Root(name), &v)
	return v, d
}

// setIdentityFromState sets the identity from the state attributes of the same names. Read
// calls it with the prior state, so that the identity is there even when the object turns
// out to be gone.
func setIdentityFromState(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity) diag.Diagnostics {
	var diags diag.Diagnostics
	if identity == nil || state.Raw.IsNull() {
		return diags
	}
	for _, name := range identityNames(identity) {
		v, d := identityValue(ctx, state.GetAttribute, identity.Schema.GetAttributes()[name].GetType(), name)
		diags.Append(d...)
		if d.HasError() || v.IsNull() || v.IsUnknown() {
			continue
		}
		diags.Append(identity.SetAttribute(ctx, path.Root(name), v)...)
	}
	return diags
}

// importedByIdentity fills the state from an import block's identity and reports whether
// it did; false means the import is by id, which the resource's ImportState handles.
func importedByIdentity(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) bool {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsFullyNull() {
		return false
	}
	for _, name := range identityNames(req.Identity) {
		v, d := identityValue(ctx, req.Identity.GetAttribute, req.Identity.Schema.GetAttributes()[name].GetType(), name)
		resp.Diagnostics.Append(d...)
		if !d.HasError() {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), v)...)
		}
	}
	return true
}
