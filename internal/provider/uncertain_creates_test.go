package provider

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// fakeKeyed is a HubSpot that holds one object under one key, for keyedCreate.
type fakeKeyed struct {
	exists, takenBefore bool
	// answers are the outcomes of the creates, in order: "ok", "lost" (made, answer lost),
	// "failed" (not made, answer lost), "conflict" (the key is taken).
	answers []string
	creates int
	findErr error
	// archived hides the object from the lookup, as HubSpot's recycle bin does.
	archived bool
}

func (f *fakeKeyed) keyed() keyedCreate[string] {
	obj := "the object"
	return keyedCreate[string]{
		what:  `ticket property "tier"`,
		taken: func(context.Context) (bool, error) { return f.takenBefore, nil },
		create: func(context.Context) (*string, error) {
			a := f.answers[f.creates]
			f.creates++
			switch a {
			case "ok":
				f.exists = true
				return &obj, nil
			case "lost", "failed":
				f.exists = f.exists || a == "lost"
				return nil, &hubspot.UncertainCreateError{Kind: "property", Key: "tier", Err: errors.New("504 gateway timeout")}
			}
			// HubSpot says the key is taken: the object exists (made late by an earlier create).
			f.exists = true
			return nil, &hubspot.Error{StatusCode: http.StatusConflict, Message: "exists"}
		},
		find: func(context.Context) (*string, error) {
			if f.findErr != nil || !f.exists || f.archived {
				return nil, f.findErr
			}
			return &obj, nil
		},
	}
}

func TestKeyedCreate(t *testing.T) {
	defer func(w []time.Duration) { lookupWaits = w }(lookupWaits)
	lookupWaits = []time.Duration{0, 0}
	cases := []struct {
		name        string
		fake        fakeKeyed
		want        string // "created", "adopted", "resent", "conflict", or an error's text
		wantCreates int
	}{
		{"answered", fakeKeyed{answers: []string{"ok"}}, "created", 1},
		{"lost answer, found", fakeKeyed{answers: []string{"lost"}}, "adopted", 1},
		{"lost answer, key was taken", fakeKeyed{answers: []string{"lost"}, takenBefore: true}, "could not check that it did not exist", 1},
		{"not made, sent again", fakeKeyed{answers: []string{"failed", "ok"}}, "resent", 2},
		{"made late, second create conflicts", fakeKeyed{answers: []string{"failed", "conflict"}}, "adopted", 2},
		{"conflict on a free key", fakeKeyed{answers: []string{"conflict"}, exists: true}, "adopted", 1},
		{"conflict on a taken key", fakeKeyed{answers: []string{"conflict"}, takenBefore: true, exists: true}, "conflict", 1},
		{"lookup fails", fakeKeyed{answers: []string{"lost"}, findErr: errors.New("503 unavailable")}, "Looking for ticket property \"tier\" afterwards failed too", 1},
		{"conflict on a key the lookup cannot see", fakeKeyed{answers: []string{"conflict"}, archived: true}, "conflict", 1},
		{"not made twice, sent a third time", fakeKeyed{answers: []string{"failed", "failed", "ok"}}, "resent", 3},
		{"never made", fakeKeyed{answers: []string{"failed", "failed", "failed"}}, "the create did not happen", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fake
			res, err := f.keyed().run(context.Background(), context.Background())
			got := ""
			switch {
			case err != nil:
				got = err.Error()
			case res.conflict != nil:
				got = "conflict"
			case res.resent:
				got = "resent"
			case res.lost != nil:
				got = "adopted"
			case res.obj != nil:
				got = "created"
			}
			if !strings.Contains(got, tc.want) || f.creates != tc.wantCreates {
				t.Errorf("got %q after %d creates, want %q after %d", got, f.creates, tc.want, tc.wantCreates)
			}
			if err != nil && strings.Contains(tc.want, "did not happen") && strings.Contains(got, "import it") {
				t.Errorf("%q tells the user to import an object HubSpot does not have", got)
			}
			if err == nil && res.conflict == nil && res.obj == nil {
				t.Error("no object, no error")
			}
		})
	}
}

// An interrupted operation does not send the create again.
func TestKeyedCreateInterrupted(t *testing.T) {
	defer func(w []time.Duration) { lookupWaits = w }(lookupWaits)
	lookupWaits = []time.Duration{0}
	f := fakeKeyed{answers: []string{"failed", "ok"}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.keyed().run(ctx, context.Background())
	if err == nil || f.creates != 1 {
		t.Fatalf("err %v after %d creates, want an error and no second create", err, f.creates)
	}
}
