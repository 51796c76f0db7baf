package hubspot

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// API is what the provider asks of HubSpot: the Client, or a layer that wraps it and shares
// requests among the callers of one run.
type API interface {
	ListPipelines(ctx context.Context, objectType string) ([]Pipeline, error)
	GetPipeline(ctx context.Context, objectType, id string) (*Pipeline, error)
	CreatePipeline(ctx context.Context, objectType string, in PipelineInput) (*Pipeline, error)
	UpdatePipeline(ctx context.Context, objectType, id string, patch PipelinePatch, opts DeleteOptions) (*Pipeline, error)
	DeletePipeline(ctx context.Context, objectType, id string, opts DeleteOptions) error
	ListPipelineStages(ctx context.Context, objectType, pipelineID string) ([]PipelineStage, error)
	GetPipelineStage(ctx context.Context, objectType, pipelineID, stageID string) (*PipelineStage, error)
	CreatePipelineStage(ctx context.Context, objectType, pipelineID string, in PipelineStageInput) (*PipelineStage, error)
	UpdatePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, patch PipelineStagePatch) (*PipelineStage, error)
	DeletePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, opts DeleteOptions) error

	ListProperties(ctx context.Context, objectType string, q PropertyQuery) ([]Property, error)
	GetProperty(ctx context.Context, objectType, name string, q PropertyQuery) (*Property, error)
	CreateProperty(ctx context.Context, objectType string, in PropertyCreate) (*Property, error)
	UpdateProperty(ctx context.Context, objectType, name string, in PropertyUpdate) (*Property, error)
	ArchiveProperty(ctx context.Context, objectType, name string) error
	ListPropertyGroups(ctx context.Context, objectType string) ([]PropertyGroup, error)
	GetPropertyGroup(ctx context.Context, objectType, name string) (*PropertyGroup, error)
	CreatePropertyGroup(ctx context.Context, objectType string, in PropertyGroupCreate) (*PropertyGroup, error)
	UpdatePropertyGroup(ctx context.Context, objectType, name string, in PropertyGroupUpdate) (*PropertyGroup, error)
	ArchivePropertyGroup(ctx context.Context, objectType, name string) error

	CreateObject(ctx context.Context, objectType string, in ObjectInput) (*Object, error)
	GetObject(ctx context.Context, objectType, id string, properties []string) (*Object, error)
	UpdateObject(ctx context.Context, objectType, id string, properties map[string]string) (*Object, error)
	ArchiveObject(ctx context.Context, objectType, id string) error
	SearchObjects(ctx context.Context, objectType string, r SearchRequest) (*SearchResult, error)
	ListObjects(ctx context.Context, objectType string, opts ListOptions) ([]Object, error)

	ListRecordAssociations(ctx context.Context, fromType, fromID, toType string) ([]AssociatedRecord, error)
	BatchCreateRecordAssociations(ctx context.Context, fromType, toType string, in []RecordAssociationInput) error
	BatchArchiveRecordAssociationLabels(ctx context.Context, fromType, toType string, in []RecordAssociationInput) error

	ListAssociationTypes(ctx context.Context, fromObjectType, toObjectType string) ([]AssociationType, error)
	CreateAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, in AssociationLabelInput) (AssociationLabelIDs, error)
	UpdateAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, typeID int, label, inverseLabel string) error
	DeleteAssociationLabel(ctx context.Context, fromObjectType, toObjectType string, typeID int) error
	AssociationTypeNames(ctx context.Context, fromObjectType, toObjectType string) (map[int]string, error)

	ListOwners(ctx context.Context, opts ListOwnersOptions) ([]Owner, error)
	GetOwner(ctx context.Context, id string) (*Owner, error)
}

var _ API = (*Client)(nil)

// FindProperty returns an active property by name whatever its data sensitivity, trying the
// levels in order: HubSpot answers for one level at a time, and an imported property's level
// is not known beforehand.
func FindProperty(ctx context.Context, api API, objectType, name string) (*Property, error) {
	var firstErr error
	for _, s := range DataSensitivities {
		p, err := api.GetProperty(ctx, objectType, name, PropertyQuery{DataSensitivity: s})
		if err == nil {
			return p, nil
		}
		if !IsNotFound(err) {
			return nil, err
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// FindOwnerByEmail returns the active owner with the given email address, compared without
// regard to case: from the list of active owners, which a run reads anyway, and else by
// asking HubSpot for the address. When HubSpot has none, the error is a not-found *Error.
func FindOwnerByEmail(ctx context.Context, api API, email string) (*Owner, error) {
	for _, opts := range []ListOwnersOptions{{}, {Email: email}} {
		owners, err := api.ListOwners(ctx, opts)
		if err != nil {
			return nil, err
		}
		for _, o := range owners {
			if strings.EqualFold(o.Email, email) {
				return &o, nil
			}
		}
	}
	return nil, &Error{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: "/crm/v3/owners", Category: "OBJECT_NOT_FOUND",
		Message: fmt.Sprintf("no active owner has the email address %s", email)}
}

// FindAssociationType returns one association type from one object type to another. HubSpot
// has no endpoint for one type, so it is looked up in the pair's list; an absent type is a
// not-found *Error.
func FindAssociationType(ctx context.Context, api API, fromObjectType, toObjectType string, typeID int) (*AssociationType, error) {
	types, err := api.ListAssociationTypes(ctx, fromObjectType, toObjectType)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if t.TypeID == typeID {
			return &t, nil
		}
	}
	return nil, &Error{StatusCode: http.StatusNotFound, Method: http.MethodGet, Path: labelsPath(fromObjectType, toObjectType), Category: "OBJECT_NOT_FOUND",
		Message: fmt.Sprintf("association type %d from %s to %s does not exist", typeID, fromObjectType, toObjectType)}
}
