// Package emulator is an in-memory HubSpot portal that speaks the subset of HubSpot's public
// REST API that the provider uses: ticket pipelines and stages, ticket properties and property
// groups, tickets and the records they associate with, v4 associations and labels, owners and
// the OAuth token endpoint.
//
// It is built from HubSpot's published OpenAPI documents and the facts gathered beside them,
// not from what the provider expects: paths (the /crm/v3 family and the date-versioned
// aliases), status codes, response shapes, error bodies, rate-limit headers and 429 bodies,
// tier caps and validation rules all follow those sources. Where they are silent, the
// emulator does what the real service most plausibly does; each such choice is written down
// and covered by a test.
//
// # What stands between a client and the portal
//
// Every request passes, in order, through: the fault layer (faults.go: 5xx, lost answers
// after commit, connection resets, slow answers and 429 bursts, drawn from a seed, restricted
// by method and path), the proxy's body limit (decode.go: 32 MiB, answered 413 with the
// proxy's HTML page), authentication (auth.go), the rate limits of the account's tier
// (ratelimit.go, tiers.go), and then the route's handler. Requests are served one at a time
// under a single lock, which keeps every handler simple and makes concurrent clients safe;
// waiting for a slow answer and writing answers happen outside it. Requests, Stats,
// InjectedFaults and FaultCounts, and GET /_emulator/requests, /_emulator/stats and
// /_emulator/faults, tell a test what happened (inspect.go).
//
// # Where the rules are
//
// Each API's file header lists the rules it enforces with the source of each (tags as in
// NOTES.md: [SPEC], [DOCS], [REC], [2nd], or "choice" where no source says):
//
//   - pipelines.go and pipeline_stages.go: display orders (any int32; ties sorted by label),
//     unique labels, at least one and at most 100 stages, ticketState, archive and restore,
//     validateReferencesBeforeDelete.
//   - properties.go, property_rules.go, property_groups.go, property_batch.go: names, the
//     spec's enums (an empty string is not a member), type and fieldType pairs, options (no
//     ";" in a checkbox value), display orders of at least -1, formulas naming existing
//     properties, immutable fields, HubSpot-defined properties, the 10 unique-value
//     properties.
//   - objects.go, object_values.go, object_writes.go, search.go: property values by type,
//     pipelines and stages of tickets, unique values across live tickets (409 CONFLICT),
//     idProperty naming a unique property, read-only and derived values, batch sizes, search
//     limits.
//   - association_labels.go and association_records.go: label names, the 10 custom labels per
//     object pair, HubSpot-defined types, record association rules.
//   - tiers.go: ticket pipelines per tier (Free 1, Starter 2, Professional 15, Enterprise 100)
//     and the calculation properties of the higher tiers, answered as HubSpot's API_LIMIT;
//     ratelimit.go: the ten-second, associations, search and daily limits per tier, and
//     headers that report the real counters.
//   - faults.go: what each injected fault does, and how draws are made.
//
// # Choices that hold across the APIs
//
//   - A request body that is not JSON, has content after the JSON value, has a number where
//     the spec has an int32 and the number does not fit, or lacks a field the spec marks
//     required, is refused with 400 VALIDATION_ERROR and a message naming the schema.
//     Properties bodies are also refused for fields their schema does not have.
//   - Record and schema ids are numeric strings from one counter per portal.
//   - Unknown paths answer 404 with the usual error body.
//   - The zero Tier keeps the portal the emulator served before tiers existed (no per-tier
//     caps, Free/Starter rate limits); see tiers.go for why it stays the default.
package emulator
