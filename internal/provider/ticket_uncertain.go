package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
	"github.com/supportops/terraform-provider-hubspot/internal/runplan"
)

// A ticket has no key HubSpot keeps unique, so a create whose answer is lost cannot be sent
// again safely, nor can the ticket be looked up by name. It is found instead by searching for
// a ticket with the values sent, created about when the create was sent:
//
//   - Create searches for it, a few times, since HubSpot's search lags behind its writes. A
//     ticket found is taken into the state, with a warning.
//   - A ticket not found is remembered as uncertain: the create fails, and the state keeps the
//     values sent (its private part, with the time) under the id uncertainTicketID. The next
//     plan's refresh searches again before anything is sent: a ticket found takes the id, none
//     found removes the resource from the state, so that the plan creates it once.
//
// Why the create fails rather than succeeding with a warning: a resource's identity (its id)
// may not change once set, and Terraform requires one after a create that succeeded, so only a
// failed create can leave the id open. The price is Terraform's rule for a resource whose
// create failed: it is tainted, and the next plan replaces it. When the refresh finds the
// ticket, that plan archives it and creates it again; the account still ends with exactly one
// ticket, but a new one (with a new id). `terraform untaint <address>` before that apply keeps
// the ticket HubSpot made. This happens only when HubSpot made the ticket and its search did
// not show it for ticketSearchWaits; when it made none, the next apply creates it once.

// uncertainTicketID is the id in the state of a ticket whose create's outcome is unknown.
const uncertainTicketID = "uncertain"

// uncertainTicketKey is the private state key of what an uncertain create sent.
const uncertainTicketKey = "uncertain_create"

// uncertainTicket is what a create whose answer was lost sent, and when.
type uncertainTicket struct {
	Properties map[string]string `json:"properties"`
	SentAt     time.Time         `json:"sent_at"`
}

// ticketSearchWaits are the pauses before each search for a ticket whose create's answer was
// lost: about a minute in all, since a new record takes "a few moments" to appear in search.
var ticketSearchWaits = []time.Duration{0, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second}

// ticketCreateWindow bounds the creation times the search accepts around the time the create
// was sent, for clocks that differ between this machine and HubSpot.
const ticketCreateWindow = 10 * time.Minute

// privateGetter and privateSetter are the two halves of the framework's private state.
type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// rememberUncertain records an uncertain create in the state, for the next plan.
func rememberUncertain(ctx context.Context, plan *TicketResourceModel, u uncertainTicket, private privateSetter, diags *diag.Diagnostics) {
	plan.ID = types.StringValue(uncertainTicketID)
	if plan.CreatedAt.IsUnknown() {
		plan.CreatedAt = timetypes.NewRFC3339Null()
	}
	if plan.PipelineID.IsUnknown() {
		plan.PipelineID = types.StringNull()
	}
	data, err := json.Marshal(u)
	if err != nil {
		diags.AddError("Unable to record the uncertain ticket create", err.Error())
		return
	}
	diags.Append(private.SetKey(ctx, uncertainTicketKey, data)...)
}

// recalledUncertain returns what an uncertain create sent, when the state holds one.
func recalledUncertain(ctx context.Context, private privateGetter, diags *diag.Diagnostics) (uncertainTicket, bool) {
	var u uncertainTicket
	data, d := private.GetKey(ctx, uncertainTicketKey)
	diags.Append(d...)
	if len(data) == 0 {
		return u, false
	}
	if err := json.Unmarshal(data, &u); err != nil {
		diags.AddError("Unreadable record of an uncertain ticket create", err.Error())
		return u, false
	}
	return u, true
}

// findTicket searches for the ticket a create that sent u made, waiting between searches as
// waits says; nil when none turned up.
func (r *TicketResource) findTicket(ctx context.Context, u uncertainTicket, waits []time.Duration) (*hubspot.Object, error) {
	var err error
	for _, d := range waits {
		if d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		var t *hubspot.Object
		if t, err = r.searchTicket(ctx, u); err == nil && t != nil {
			return t, nil
		}
	}
	return nil, err
}

// searchTicket searches once: the oldest ticket created within the window around u.SentAt with
// every value u sent, that no other resource of this run holds.
func (r *TicketResource) searchTicket(ctx context.Context, u uncertainTicket) (*hubspot.Object, error) {
	from, to := u.SentAt.Add(-ticketCreateWindow), u.SentAt.Add(ticketCreateWindow)
	filters := []hubspot.Filter{{PropertyName: "createdate", Operator: hubspot.OpBetween,
		Value: strconv.FormatInt(from.UnixMilli(), 10), HighValue: strconv.FormatInt(to.UnixMilli(), 10)}}
	for _, p := range []string{hubspot.TicketPropSubject, hubspot.TicketPropStage} {
		if v := u.Properties[p]; v != "" {
			filters = append(filters, hubspot.Filter{PropertyName: p, Operator: hubspot.OpEQ, Value: v})
		}
	}
	names := ticketSortedKeys(u.Properties)
	res, err := r.client.SearchObjects(ctx, hubspot.TicketObjectType, hubspot.SearchRequest{
		FilterGroups: []hubspot.FilterGroup{{Filters: filters}},
		Sort:         &hubspot.Sort{PropertyName: "createdate"},
		Properties:   names,
		Limit:        100,
	})
	if err != nil {
		return nil, err
	}
	defs := &ticketPropertyDefs{client: r.client}
	candidates := res.Objects
	sort.SliceStable(candidates, func(i, j int) bool { return candidates[i].CreatedAt.Before(candidates[j].CreatedAt) })
	for i := range candidates {
		t := &candidates[i]
		if ticketHasValues(ctx, defs, t, u.Properties) && r.plans.Claim(runplan.Ticket, t.ID, claimOwner()) {
			return t, nil
		}
	}
	return nil, nil
}

// ticketHasValues reports whether the ticket holds every value sent, as HubSpot renders them.
func ticketHasValues(ctx context.Context, defs *ticketPropertyDefs, t *hubspot.Object, sent map[string]string) bool {
	for name, v := range sent {
		got, ok := t.Properties[name]
		if !ok {
			return false
		}
		if got == v {
			continue
		}
		def, _ := defs.get(ctx, name)
		if !sameTicketValue(def, v, got) {
			return false
		}
	}
	return true
}

// claimOwner returns a new owner for a claim in the run's registry: each search claims for
// one resource.
func claimOwner() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// uncertainTicketError is the error of a create whose outcome stays unknown.
func uncertainTicketError(diags *diag.Diagnostics, createErr, searchErr error) {
	searched := fmt.Sprintf("A search for a ticket with these values, repeated for %s (HubSpot's search lags behind its writes), found none.", totalWait(ticketSearchWaits))
	if searchErr != nil {
		searched = fmt.Sprintf("Searching for a ticket with these values failed: %s.", searchErr)
	}
	diags.AddError("Ticket create outcome unknown",
		fmt.Sprintf("%s\n\n%s The create was not sent again, so that no second ticket is made. The state records the ticket as uncertain, with the values sent: "+
			"the next plan searches for it again before anything is sent. If HubSpot has it, the next plan takes it into the state and, because this create failed, "+
			"replaces it (run `terraform untaint <address>` before that apply to keep the ticket HubSpot made instead); if HubSpot has none, the next apply creates it.",
			createErr, searched))
}

func totalWait(waits []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range waits {
		sum += d
	}
	return sum
}

// settleUncertain looks for the ticket of an uncertain create, in the refresh of the next
// plan: a ticket found takes the resource's id (true), none found removes the resource from
// the state so that the plan creates it (false). A recent create is given the rest of
// ticketSearchWaits to show up in search.
func (r *TicketResource) settleUncertain(ctx context.Context, state *TicketResourceModel, u uncertainTicket, req resource.ReadRequest, resp *resource.ReadResponse) bool {
	if u.Properties == nil {
		u.Properties = ticketPropertiesToSet(state)
	}
	waits := []time.Duration{0}
	deadline := u.SentAt.Add(totalWait(ticketSearchWaits))
	for _, d := range ticketSearchWaits[1:] {
		if time.Now().Add(totalWait(waits) + d).After(deadline) {
			break
		}
		waits = append(waits, d)
	}
	found, err := r.findTicket(ctx, u, waits)
	switch {
	case err != nil:
		resp.Diagnostics.AddError("Unable to settle an uncertain ticket create",
			fmt.Sprintf("An earlier apply could not tell whether HubSpot created this ticket, and searching for it now failed: %s\n\nRun the plan again; the ticket stays recorded as uncertain until a search can run.", err))
		return false
	case found == nil:
		tflog.Info(ctx, "the ticket of an uncertain create does not exist; removing it from the state so that the plan creates it")
		resp.Diagnostics.Append(setIdentityFromState(ctx, req.State, resp.Identity)...)
		resp.State.RemoveResource(ctx)
		return false
	}
	tflog.Info(ctx, "found the ticket of an uncertain create", map[string]any{"id": found.ID})
	state.ID = types.StringValue(found.ID)
	if resp.Identity != nil {
		resp.Diagnostics.Append(resp.Identity.SetAttribute(ctx, path.Root("id"), found.ID)...)
	}
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, uncertainTicketKey, nil)...)
	return true
}
