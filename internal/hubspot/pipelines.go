package hubspot

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Ticket stage states, the values of a ticket stage's ticketState metadata.
const (
	TicketStateOpen   = "OPEN"
	TicketStateClosed = "CLOSED"
)

// MetadataTicketState is the stage metadata key that says whether tickets in a stage are open.
const MetadataTicketState = "ticketState"

// DefaultTicketPipelineID is the id of the Support Pipeline every account starts with.
const DefaultTicketPipelineID = "0"

// Pipeline is a pipeline of an object type with its stages (HubSpot's Pipeline schema).
type Pipeline struct {
	ID           string          `json:"id"`
	Label        string          `json:"label"`
	DisplayOrder int             `json:"displayOrder"`
	Stages       []PipelineStage `json:"stages"`
	Archived     bool            `json:"archived"`
	ArchivedAt   *time.Time      `json:"archivedAt,omitempty"`
	CreatedAt    time.Time       `json:"createdAt"`
	UpdatedAt    time.Time       `json:"updatedAt"`
}

// PipelineStage is one stage of a pipeline (HubSpot's PipelineStage schema). Metadata values
// are strings; ticket stages carry ticketState.
type PipelineStage struct {
	ID               string            `json:"id"`
	Label            string            `json:"label"`
	DisplayOrder     int               `json:"displayOrder"`
	Metadata         map[string]string `json:"metadata"`
	Archived         bool              `json:"archived"`
	ArchivedAt       *time.Time        `json:"archivedAt,omitempty"`
	CreatedAt        time.Time         `json:"createdAt"`
	UpdatedAt        time.Time         `json:"updatedAt"`
	WritePermissions string            `json:"writePermissions,omitempty"`
}

// TicketState is the stage's ticketState metadata, or "" when it has none.
func (s PipelineStage) TicketState() string { return s.Metadata[MetadataTicketState] }

// PipelineInput creates a pipeline (the spec's PipelineInput). PipelineID chooses the new
// pipeline's id.
type PipelineInput struct {
	PipelineID   string               `json:"pipelineId,omitempty"`
	Label        string               `json:"label"`
	DisplayOrder int                  `json:"displayOrder"`
	Stages       []PipelineStageInput `json:"stages"`
}

// PipelineStageInput creates a stage (the spec's PipelineStageInput). StageID chooses the new
// stage's id.
type PipelineStageInput struct {
	StageID      string            `json:"stageId,omitempty"`
	Label        string            `json:"label"`
	DisplayOrder int               `json:"displayOrder"`
	Metadata     map[string]string `json:"metadata"`
}

// PipelinePatch changes some fields of a pipeline (PipelinePatchInput); nil fields are left
// alone. HubSpot accepts Archived only as false, to restore an archived pipeline.
type PipelinePatch struct {
	Label        *string `json:"label,omitempty"`
	DisplayOrder *int    `json:"displayOrder,omitempty"`
	Archived     *bool   `json:"archived,omitempty"`
}

// PipelineStagePatch changes some fields of a stage (PipelineStagePatchInput). HubSpot's spec
// requires metadata on every patch, so it is always sent (as {} when nil).
type PipelineStagePatch struct {
	Label        *string           `json:"label,omitempty"`
	DisplayOrder *int              `json:"displayOrder,omitempty"`
	Archived     *bool             `json:"archived,omitempty"`
	Metadata     map[string]string `json:"metadata"`
}

// DeleteOptions are the reference checks HubSpot runs before a pipeline write deletes
// something. They are always sent explicitly, so that the outcome does not depend on the API
// version's default (false in /crm/v3, true from 2026-09).
type DeleteOptions struct {
	// ValidateReferences makes HubSpot refuse to delete a pipeline or stage that records
	// (tickets) or workflows still use.
	ValidateReferences bool
	// ValidateDealStageUsages is the same check for deal pipelines.
	ValidateDealStageUsages bool
}

func (o DeleteOptions) query(stage bool) url.Values {
	q := url.Values{"validateReferencesBeforeDelete": {strconv.FormatBool(o.ValidateReferences)}}
	if !stage {
		q.Set("validateDealStageUsagesBeforeDelete", strconv.FormatBool(o.ValidateDealStageUsages))
	}
	return q
}

func pipelinesPath(objectType string, segments ...string) string {
	return path("/crm/v3/pipelines/"+pathEscape(objectType), segments...)
}

// Clone returns a deep copy of p, for callers that hand out a shared pipeline.
func (p Pipeline) Clone() Pipeline {
	stages := make([]PipelineStage, len(p.Stages))
	for i, s := range p.Stages {
		stages[i] = s.Clone()
	}
	p.Stages = stages
	return p
}

// Clone returns a deep copy of s.
func (s PipelineStage) Clone() PipelineStage {
	s.Metadata = maps.Clone(s.Metadata)
	return s
}

// ListPipelines returns every (non-archived) pipeline of the object type with its stages.
func (c *Client) ListPipelines(ctx context.Context, objectType string) ([]Pipeline, error) {
	return results[Pipeline](ctx, c, pipelinesPath(objectType), nil)
}

// GetPipeline returns a pipeline by id; an unknown or archived one is a not-found *Error.
func (c *Client) GetPipeline(ctx context.Context, objectType, id string) (*Pipeline, error) {
	return call[Pipeline](ctx, c, request{method: http.MethodGet, path: pipelinesPath(objectType, id)})
}

// CreatePipeline creates a pipeline with its stages.
func (c *Client) CreatePipeline(ctx context.Context, objectType string, in PipelineInput) (*Pipeline, error) {
	return call[Pipeline](ctx, c, request{method: http.MethodPost, path: pipelinesPath(objectType), body: in,
		create: &UncertainCreateError{Kind: "pipeline", ObjectType: objectType, Key: in.Label}})
}

// UpdatePipeline changes a pipeline's label or display order, or restores an archived one.
func (c *Client) UpdatePipeline(ctx context.Context, objectType, id string, patch PipelinePatch, opts DeleteOptions) (*Pipeline, error) {
	return call[Pipeline](ctx, c, request{method: http.MethodPatch, path: pipelinesPath(objectType, id), query: opts.query(false), body: patch})
}

// DeletePipeline archives a pipeline. With opts.ValidateReferences HubSpot refuses when records
// still use it.
func (c *Client) DeletePipeline(ctx context.Context, objectType, id string, opts DeleteOptions) error {
	return c.do(ctx, request{method: http.MethodDelete, path: pipelinesPath(objectType, id), query: opts.query(false)})
}

// ListPipelineStages returns a pipeline's stages.
func (c *Client) ListPipelineStages(ctx context.Context, objectType, pipelineID string) ([]PipelineStage, error) {
	return results[PipelineStage](ctx, c, pipelinesPath(objectType, pipelineID, "stages"), nil)
}

// GetPipelineStage returns one stage of a pipeline (a not-found *Error when the pipeline or the
// stage does not exist).
func (c *Client) GetPipelineStage(ctx context.Context, objectType, pipelineID, stageID string) (*PipelineStage, error) {
	return call[PipelineStage](ctx, c, request{method: http.MethodGet, path: pipelinesPath(objectType, pipelineID, "stages", stageID)})
}

// CreatePipelineStage adds a stage to a pipeline.
func (c *Client) CreatePipelineStage(ctx context.Context, objectType, pipelineID string, in PipelineStageInput) (*PipelineStage, error) {
	return call[PipelineStage](ctx, c, request{method: http.MethodPost, path: pipelinesPath(objectType, pipelineID, "stages"), body: in,
		create: &UncertainCreateError{Kind: "pipeline stage", ObjectType: objectType, Parent: pipelineID, Key: in.Label}})
}

// UpdatePipelineStage changes some fields of a stage.
func (c *Client) UpdatePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, patch PipelineStagePatch) (*PipelineStage, error) {
	if patch.Metadata == nil {
		patch.Metadata = map[string]string{}
	}
	return call[PipelineStage](ctx, c, request{method: http.MethodPatch, path: pipelinesPath(objectType, pipelineID, "stages", stageID), body: patch})
}

// DeletePipelineStage deletes a stage. With opts.ValidateReferences HubSpot refuses when
// records still use it.
func (c *Client) DeletePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, opts DeleteOptions) error {
	return c.do(ctx, request{method: http.MethodDelete, path: pipelinesPath(objectType, pipelineID, "stages", stageID), query: opts.query(true)})
}
