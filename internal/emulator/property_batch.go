package emulator

// Property batches (the rules are listed in properties.go's header): batch read answers 200,
// or 207 with one OBJECT_NOT_FOUND error naming the missing names in context.names; batch
// create creates the inputs that pass and answers 201, or 207 with one error per refused input
// (context.name); batch archive answers 204 whatever the names' state [SPEC], but refuses the
// whole batch, archiving nothing, when it names a HubSpot-defined property (choice).

import (
	"errors"
	"net/http"
	"strings"
)

type propertyNameInput struct {
	Name *string `json:"name"`
}

func propertyInputNames(in []propertyNameInput) ([]string, error) {
	names := make([]string, len(in))
	for i, n := range in {
		if n.Name == nil {
			return nil, missingFields("PropertyName", "name")
		}
		names[i] = *n.Name
	}
	return names, nil
}

// decodePropertyInputs reads a property batch body that holds only its inputs.
func decodePropertyInputs[T any](r *http.Request, schema string) ([]T, error) {
	var in struct {
		Inputs *[]T `json:"inputs"`
	}
	if _, err := decodePropertyRequest(r, schema, &in); err != nil {
		return nil, err
	}
	if in.Inputs == nil {
		return nil, missingFields(schema, "inputs")
	}
	return *in.Inputs, nil
}

func (e *Emulator) batchReadProperties(r *http.Request) (int, any, error) {
	started := e.now()
	var in struct {
		Inputs          *[]propertyNameInput `json:"inputs"`
		Archived        *bool                `json:"archived"`
		DataSensitivity *string              `json:"dataSensitivity"`
	}
	if _, err := decodePropertyRequest(r, "BatchReadInputPropertyName", &in); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("BatchReadInputPropertyName",
		requiredField{"archived", in.Archived != nil}, requiredField{"dataSensitivity", in.DataSensitivity != nil},
		requiredField{"inputs", in.Inputs != nil}); err != nil {
		return 0, nil, err
	}
	if err := propOneOf("dataSensitivity", *in.DataSensitivity, dataSensitivities); err != nil {
		return 0, nil, err
	}
	names, err := propertyInputNames(*in.Inputs)
	if err != nil {
		return 0, nil, err
	}
	results := []*Property{}
	var absent []string
	for _, n := range names {
		if d := e.p.Properties[n]; d != nil && propertyMatches(d, *in.Archived, *in.DataSensitivity) {
			results = append(results, d)
		} else {
			absent = append(absent, n)
		}
	}
	var errs []standardError
	if len(absent) > 0 {
		errs = append(errs, newStandardError(notFound("Could not find properties: "+strings.Join(absent, ", ")), map[string][]string{"names": absent}))
	}
	status, body := batchResponse(started, e.now(), results, errs)
	return status, body, nil
}

func (e *Emulator) batchCreateProperties(r *http.Request) (int, any, error) {
	started := e.now()
	inputs, err := decodePropertyInputs[propertyCreateInput](r, "BatchInputPropertyCreate")
	if err != nil {
		return 0, nil, err
	}
	results := []*Property{}
	var errs []standardError
	for _, pin := range inputs {
		d, err := e.newProperty(pin, propertyDatedFamily(r))
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) {
				return 0, nil, err
			}
			errs = append(errs, newStandardError(ae, map[string][]string{"name": {propStr(pin.Name)}}))
			continue
		}
		e.p.Properties[d.Name] = d
		results = append(results, d)
	}
	status, body := batchResponse(started, e.now(), results, errs)
	if status == http.StatusOK {
		status = http.StatusCreated
	}
	return status, body, nil
}

func (e *Emulator) batchArchiveProperties(r *http.Request) (int, any, error) {
	inputs, err := decodePropertyInputs[propertyNameInput](r, "BatchInputPropertyName")
	if err != nil {
		return 0, nil, err
	}
	names, err := propertyInputNames(inputs)
	if err != nil {
		return 0, nil, err
	}
	// Refuse the whole batch before archiving any, so that a refusal changes nothing.
	var targets []*Property
	for _, n := range names {
		d := e.p.Properties[n]
		if d == nil || d.Archived {
			continue
		}
		if err := checkPropertyArchivable(d); err != nil {
			return 0, nil, err
		}
		targets = append(targets, d)
	}
	for _, d := range targets {
		e.archivePropertyNow(d)
	}
	return http.StatusNoContent, nil, nil
}
