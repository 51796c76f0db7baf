package emulator

// Account tiers: the caps and rate limits HubSpot applies per subscription tier.
//
// Where each number comes from (tags as in NOTES.md §0; "choice" where no source gives it):
//
//   - Ticket pipelines per account: Free 1 [NOTES §1.4, 2nd; DOCS pipelines guide: "accounts
//     with a Starter, Professional, or Enterprise subscription can create additional
//     pipelines"]; Starter 2 and Enterprise 100 [HubSpot's product and services catalog as
//     remembered, not in the saved sources: choice]; Professional 15 [2nd, a partner's
//     pipeline guide: "Professional and Enterprise plans allow up to 15"]. The default
//     pipeline counts. Reaching the cap answers NOTES §1.4's observed body: 400 API_LIMIT
//     "You have reached your limit of N ticket pipelines." with context
//     {"maximum pipelines": ["N"]}; restoring an archived pipeline counts as a create.
//   - Ten-second burst and daily limits of privately distributed apps [NOTES §5.3, DOCS]:
//     Free and Starter 100 per 10 s and 250,000 a day; Professional 190 and 625,000;
//     Enterprise 190 and 1,000,000. The v4 associations window [NOTES §5.3]: 100 per 10 s on
//     Free and Starter, 150 on Professional and Enterprise. Search: 5 per second on every tier.
//   - Calculation properties are available on Professional and Enterprise only [DOCS knowledge
//     base, "Create calculation properties": Professional, Enterprise]; on Free and Starter a
//     calculation_equation property answers 400 API_LIMIT "You have reached your limit of 0
//     calculated properties." (the form of the pipeline cap; the real wording is not
//     recorded). HubSpot's per-tier counts for the higher tiers are not in the sources, so
//     they are not capped.
//   - Caps that do not depend on the tier live with their API: 10 custom association labels
//     per object pair (association_labels.go), 10 unique-value properties per object and 5,000
//     options per property (property_rules.go), 100 stages per pipeline (pipelines.go).
//
// The zero Tier is the portal the emulator served before tiers existed: no per-tier caps and
// the Free/Starter rate limits. It stays the default because the acceptance tests create many
// pipelines at once in one shared portal, which no real tier below Enterprise allows, and
// because the benchmark's request costs are measured at the Free/Starter limits.

import (
	"fmt"
	"net/http"
	"strconv"
)

// Tier is a HubSpot subscription tier.
type Tier string

// The tiers HubSpot sells; the zero Tier applies no per-tier caps.
const (
	TierFree         Tier = "free"
	TierStarter      Tier = "starter"
	TierProfessional Tier = "professional"
	TierEnterprise   Tier = "enterprise"
)

// Tiers lists the tiers in ascending order, for flags and messages.
var Tiers = []Tier{TierFree, TierStarter, TierProfessional, TierEnterprise}

// tierCaps are the numbers one tier allows; 0 means no cap.
type tierCaps struct {
	ticketPipelines       int
	burst, associations   int
	daily                 int
	calculationsAvailable bool
}

func (t Tier) caps() (tierCaps, error) {
	switch t {
	case "":
		return tierCaps{burst: 100, associations: 100, daily: 250000, calculationsAvailable: true}, nil
	case TierFree:
		return tierCaps{ticketPipelines: 1, burst: 100, associations: 100, daily: 250000}, nil
	case TierStarter:
		return tierCaps{ticketPipelines: 2, burst: 100, associations: 100, daily: 250000}, nil
	case TierProfessional:
		return tierCaps{ticketPipelines: 15, burst: 190, associations: 150, daily: 625000, calculationsAvailable: true}, nil
	case TierEnterprise:
		return tierCaps{ticketPipelines: 100, burst: 190, associations: 150, daily: 1000000, calculationsAvailable: true}, nil
	}
	return tierCaps{}, fmt.Errorf("emulator: unknown tier %q: use one of %v", string(t), Tiers)
}

// apiLimit is HubSpot's answer to a tier cap (NOTES §1.4).
func apiLimit(limit int, what, contextKey string) *apiError {
	return &apiError{
		Status: http.StatusBadRequest, Category: catAPILimit,
		Message: fmt.Sprintf("You have reached your limit of %d %s.", limit, what),
		Context: map[string][]string{contextKey: {strconv.Itoa(limit)}},
	}
}

// checkPipelineCap refuses one more active ticket pipeline beyond the tier's cap.
func (e *Emulator) checkPipelineCap() error {
	if e.caps.ticketPipelines == 0 {
		return nil
	}
	active := 0
	for _, p := range e.p.Pipelines {
		if !p.Archived {
			active++
		}
	}
	if active >= e.caps.ticketPipelines {
		return apiLimit(e.caps.ticketPipelines, "ticket pipelines", "maximum pipelines")
	}
	return nil
}

// checkCalculationAvailable refuses a calculation property on a tier without them.
func (e *Emulator) checkCalculationAvailable(d *Property) error {
	if d.FieldType != "calculation_equation" || e.caps.calculationsAvailable {
		return nil
	}
	return apiLimit(0, "calculated properties", "maximum calculated properties")
}
