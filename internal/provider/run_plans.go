package provider

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// isKnown reports whether a value is set and known when planning.
func isKnown(v attr.Value) bool { return v != nil && !v.IsNull() && !v.IsUnknown() }

// planOwner tells apart the resources that record plans in the run's registry. The framework
// does not tell a resource its address, so a resource is known by its configuration, which
// is the same for both plans Terraform makes of a replacement. Two resources with exactly the
// same configuration count as one: HubSpot then refuses the second create at apply time.
func planOwner(cfg tfsdk.Config) string {
	sum := sha256.Sum256([]byte(cfg.Raw.String()))
	return hex.EncodeToString(sum[:])
}

// duplicateDiagnostic is the error for a resource that plans an object another resource of
// the configuration plans too. Which of the two carries it depends on the order Terraform
// plans them in; the plan fails either way, before anything is written.
func duplicateDiagnostic(kind runplan.Kind, resourceType, attribute, name string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "Duplicate "+string(kind),
		fmt.Sprintf("Another %s in this configuration also has %s %q. HubSpot keeps one %s of a name, so the second create would fail: "+
			"manage each %s with one resource.", resourceType, attribute, name, kind, kind))
}
