package validators

import (
	"math"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Int32DisplayOrder is the rule for the display order of a pipeline or a stage: HubSpot
// types it as an int32 and answers 400 to a larger number, and gives no range beyond that,
// so negatives are allowed (they sort first).
func Int32DisplayOrder() []validator.Int64 {
	return []validator.Int64{int64validator.Between(math.MinInt32, math.MaxInt32)}
}

// ListedDisplayOrder is the rule for the display order of a property or a property group:
// HubSpot gives -1 a meaning ("displayed after any positive values") and no other negative
// one, and refuses the rest.
func ListedDisplayOrder() []validator.Int64 {
	return []validator.Int64{int64validator.Between(-1, math.MaxInt32)}
}
