package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// operationContexts returns the contexts of one Create, Update or Delete. Writes go on write:
// once Terraform is interrupted, a write already sent finishes while one not sent yet is not
// sent (hubspot.WriteContext). Reads that find out what the writes did (the object after an
// update, the object a create whose answer was lost may have made) go on settle, which
// outlives the interruption by the same bound, so that what HubSpot holds reaches the state.
func operationContexts(ctx context.Context) (write, settle context.Context, done context.CancelFunc) {
	write, done = hubspot.WriteContext(ctx)
	return write, hubspot.Ungated(write), done
}

// maxKeyedCreates bounds how many times a keyed create is sent when HubSpot does not have the
// object after each: sending it again is safe (see keyedCreate), but an outage is no reason to
// keep trying.
const maxKeyedCreates = 3

// lookupWaits are the pauses before each lookup of an object whose create had no clear
// answer: HubSpot may still finish a create its gateway gave up on.
var lookupWaits = []time.Duration{0, time.Second, 3 * time.Second}

// keyedCreate creates an object whose key HubSpot keeps unique (a property's or group's name,
// a pipeline's label, a stage's label in its pipeline, a label's name between two object
// types), and settles a create whose outcome is unknown without making the object twice:
//
//   - Before sending, it notes whether the key is free (taken: from the run's snapshot of
//     the kind's keys, see keysBefore). An object found under a key that was free is one this
//     create made (adopted), since HubSpot had none before.
//   - When the answer is lost (*hubspot.UncertainCreateError), it looks the object up, a few
//     times while HubSpot may still be finishing. Not found, it sends the create again (up to
//     maxKeyedCreates in all): HubSpot keeps the key unique, so another create cannot make a
//     second object; it gets 409 if an earlier one did happen after all, and the object is
//     looked up again.
//   - A 409 for a key that was free is the same case: the object is looked up and adopted.
//     When the lookup cannot see it (HubSpot keeps an archived property's name), the 409 is
//     the caller's to explain.
type keyedCreate[T any] struct {
	// what names the object in messages: `ticket property "tier"`.
	what string
	// taken reports whether HubSpot holds an object under the key now.
	taken func(ctx context.Context) (bool, error)
	// create sends the create.
	create func(ctx context.Context) (*T, error)
	// find returns the object under the key, or nil when HubSpot has none.
	find func(ctx context.Context) (*T, error)
}

// createResult is what keyedCreate did.
type createResult[T any] struct {
	obj *T
	// lost is the error of a create whose answer was lost, when the object was found after
	// all (or made by sending the create again, when resent is set).
	lost   error
	resent bool
	// conflict is HubSpot's 409 for a key that was already taken before the create.
	conflict error
}

func (k keyedCreate[T]) run(ctx, settle context.Context) (createResult[T], error) {
	takenBefore, err := k.taken(settle)
	freeBefore := err == nil && !takenBefore
	obj, err := k.create(ctx)
	if err == nil {
		return createResult[T]{obj: obj}, nil
	}
	if hubspot.IsConflict(err) && !freeBefore {
		return createResult[T]{conflict: err}, nil
	}
	first := err
	for attempt := 1; ; attempt++ {
		var uncertain *hubspot.UncertainCreateError
		if !errors.As(err, &uncertain) && !hubspot.IsConflict(err) {
			return createResult[T]{}, err
		}
		found, ferr := k.lookup(settle)
		switch {
		case found != nil && freeBefore:
			return createResult[T]{obj: found, lost: first}, nil
		case found != nil:
			return createResult[T]{}, fmt.Errorf("%w\n\nHubSpot now has %s, but the provider could not check that it did not exist before this create, "+
				"so it cannot tell whether this create made it. If it did, import it instead of creating it again", first, k.what)
		case ferr != nil:
			return createResult[T]{}, &lookupFailedError{first: first, lookup: ferr, what: k.what}
		case hubspot.IsConflict(err):
			// HubSpot holds the key for something the lookup cannot see (an archived
			// property keeps its name): a conflict for the caller to explain.
			return createResult[T]{conflict: err}, nil
		case attempt >= maxKeyedCreates || ctx.Err() != nil:
			// The client's advice (look for it, import it) is settled: HubSpot has none.
			return createResult[T]{}, &settledError{err: first, msg: fmt.Sprintf("%s. HubSpot does not have %s afterwards: the create did not happen, "+
				"and nothing needs importing. Apply again to create it.", answerLost(first), k.what)}
		}
		if obj, err = k.create(ctx); err == nil {
			return createResult[T]{obj: obj, lost: first, resent: true}, nil
		}
	}
}

// settledError tells a create's outcome in the provider's words, with the client's error
// underneath for errors.As.
type settledError struct {
	msg string
	err error
}

func (e *settledError) Error() string { return e.msg }
func (e *settledError) Unwrap() error { return e.err }

// lookupFailedError is a create whose outcome stays unknown: its answer was lost, and so were
// the lookups after it. Callers that know a better way out than the client's advice (look for
// the object, import it) read its parts.
type lookupFailedError struct {
	first, lookup error
	what          string
}

func (e *lookupFailedError) Error() string {
	return fmt.Sprintf("%v\n\nLooking for %s afterwards failed too: %v", e.first, e.what, e.lookup)
}

func (e *lookupFailedError) Unwrap() []error { return []error{e.first, e.lookup} }

// answerLost says what happened to a create without the client's advice for a caller that
// cannot find out more.
func answerLost(err error) string {
	var u *hubspot.UncertainCreateError
	if errors.As(err, &u) {
		return fmt.Sprintf("HubSpot's answer was lost (%v)", u.Err)
	}
	return err.Error()
}

// lookup finds the object, giving HubSpot the lookupWaits to finish a create.
func (k keyedCreate[T]) lookup(ctx context.Context) (*T, error) {
	var err error
	for _, d := range lookupWaits {
		if d > 0 {
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		var obj *T
		if obj, err = k.find(ctx); err == nil && obj != nil {
			return obj, nil
		}
	}
	return nil, err
}

// warnLost tells the user that a create's answer was lost and how the object reached the
// state all the same.
func warnLost[T any](diags *diag.Diagnostics, what string, res createResult[T]) {
	if res.lost == nil {
		return
	}
	how := fmt.Sprintf("%s did not exist before the create and exists now, so the provider took it into the state.", what)
	if res.resent {
		how = fmt.Sprintf("HubSpot did not have %s afterwards, so the provider sent the create again; HubSpot keeps the name unique, so this cannot make it twice.", what)
	}
	diags.AddWarning("HubSpot's answer to a create was lost", fmt.Sprintf("Creating %s: %s\n\n%s Nothing was created twice.", what, res.lost, how))
}
