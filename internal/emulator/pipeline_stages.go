package emulator

// Pipeline stages: /crm/v3/pipelines/{objectType}/{pipelineId}/stages/... (the rules are
// listed in pipelines.go's header).

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// pipelineStageInput is PipelineStageInput, PipelineStageReplaceInput and
// PipelineStagePatchInput, with pointers so that absent required fields can be told apart.
type pipelineStageInput struct {
	Label        *string           `json:"label"`
	DisplayOrder *int32            `json:"displayOrder"`
	Metadata     map[string]string `json:"metadata"`
	StageID      string            `json:"stageId"`
	Archived     *bool             `json:"archived"`
}

func (in *pipelineStageInput) checkRequired(schema string) error {
	return checkRequired(schema, requiredField{"displayOrder", in.DisplayOrder != nil},
		requiredField{"label", in.Label != nil}, requiredField{"metadata", in.Metadata != nil})
}

func pipelineStageNotFound(pipelineID, id string) error {
	return notFound(fmt.Sprintf("Unable to find a stage with id %s in pipeline %s", id, pipelineID))
}

// findPipelineStage returns the stage with the id in p, archived or not.
func findPipelineStage(p *Pipeline, id string) *PipelineStage {
	for _, s := range p.Stages {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (e *Emulator) pipelineStageIDTaken(id string) bool {
	for _, p := range e.p.Pipelines {
		if findPipelineStage(p, id) != nil {
			return true
		}
	}
	return false
}

// checkStageLabel refuses a blank stage label, or one another active stage of p holds.
func checkStageLabel(p *Pipeline, label string, except *PipelineStage) error {
	if strings.TrimSpace(label) == "" {
		return badRequest("The stage label cannot be blank")
	}
	for _, s := range p.Stages {
		if !s.Archived && s != except && pipelineLabelKey(s.Label) == pipelineLabelKey(label) {
			return &apiError{Status: http.StatusConflict, Category: catAlreadyExists,
				Message: fmt.Sprintf("A stage with label %q already exists in pipeline %s (stage %s); each stage's label must be unique within its pipeline", label, p.ID, s.ID),
				Context: map[string][]string{"label": {label}, "stageId": {s.ID}}}
		}
	}
	return nil
}

// checkStageCount refuses a pipeline with more stages than HubSpot allows.
func checkStageCount(n int) error {
	if n > maxStagesPerPipeline {
		return apiLimit(maxStagesPerPipeline, "stages per pipeline", "maximum stages")
	}
	return nil
}

// normalizeStageMetadata validates ticket stage metadata and fills in ticketState.
func normalizeStageMetadata(meta map[string]string, label string) (map[string]string, error) {
	out := make(map[string]string, len(meta)+1)
	for k, v := range meta {
		out[k] = v
	}
	switch st := out[pipelineMetaTicketState]; st {
	case "":
		out[pipelineMetaTicketState] = "OPEN"
	case "OPEN", "CLOSED":
	default:
		return nil, &apiError{Status: http.StatusBadRequest, Category: catValidation,
			Message: fmt.Sprintf("Invalid ticketState %q for stage %q: possible values are OPEN or CLOSED", st, label),
			Context: map[string][]string{"ticketState": {st}}}
	}
	return out, nil
}

// stagesNamed names one stage or several in an error.
func stagesNamed(ids []string) string {
	if len(ids) == 1 {
		return "stage " + ids[0]
	}
	return "stages " + strings.Join(ids, ", ")
}

// checkStageInputs validates the stage list of a pipeline create or replace.
func checkStageInputs(schema string, stages []pipelineStageInput) error {
	if len(stages) == 0 {
		return badRequest("A pipeline must have at least one stage")
	}
	if err := checkStageCount(len(stages)); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range stages {
		s := &stages[i]
		if err := s.checkRequired("PipelineStageInput"); err != nil {
			return err
		}
		if strings.TrimSpace(*s.Label) == "" {
			return badRequest(fmt.Sprintf("The label of stage %d cannot be blank", i))
		}
		if seen[pipelineLabelKey(*s.Label)] {
			return badRequest(fmt.Sprintf("Invalid %s: the stage label %q is used more than once; each stage's label must be unique within its pipeline", schema, *s.Label))
		}
		seen[pipelineLabelKey(*s.Label)] = true
		if _, err := normalizeStageMetadata(s.Metadata, *s.Label); err != nil {
			return err
		}
	}
	return nil
}

// decodeStageInput reads and checks the body of a stage create in p, or of a replace of except,
// and returns the stage's metadata as it is to be stored.
func decodeStageInput(r *http.Request, schema string, p *Pipeline, except *PipelineStage) (*pipelineStageInput, map[string]string, error) {
	var in pipelineStageInput
	if err := decodeBody(r, schema, &in); err != nil {
		return nil, nil, err
	}
	if err := in.checkRequired(schema); err != nil {
		return nil, nil, err
	}
	meta, err := normalizeStageMetadata(in.Metadata, *in.Label)
	if err != nil {
		return nil, nil, err
	}
	if err := checkStageLabel(p, *in.Label, except); err != nil {
		return nil, nil, err
	}
	return &in, meta, nil
}

func (e *Emulator) newPipelineStage(in *pipelineStageInput, now time.Time) *PipelineStage {
	id := in.StageID
	if id == "" {
		id = e.p.nextID()
	}
	meta, _ := normalizeStageMetadata(in.Metadata, *in.Label)
	return &PipelineStage{
		ID: id, Label: *in.Label, DisplayOrder: int(*in.DisplayOrder), Metadata: meta,
		record: madeAt(now), WritePermissions: pipelineWritePermissions,
	}
}

func (e *Emulator) activePipelineStage(r *http.Request) (*Pipeline, *PipelineStage, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return nil, nil, err
	}
	id := r.PathValue("stageId")
	s := findPipelineStage(p, id)
	if s == nil || s.Archived {
		return nil, nil, pipelineStageNotFound(p.ID, id)
	}
	return p, s, nil
}

func (e *Emulator) listStages(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	out := []pipelineStageView{}
	for _, s := range activePipelineStages(p) {
		out = append(out, viewPipelineStage(s))
	}
	return http.StatusOK, map[string]any{"results": out}, nil
}

func (e *Emulator) createStage(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodeStageInput(r, "PipelineStageInput", p, nil)
	if err != nil {
		return 0, nil, err
	}
	if in.StageID != "" && e.pipelineStageIDTaken(in.StageID) {
		return 0, nil, conflict(fmt.Sprintf("A stage with id %s already exists", in.StageID))
	}
	if err := checkStageCount(len(activePipelineStages(p)) + 1); err != nil {
		return 0, nil, err
	}
	now := e.pipelineNow()
	s := e.newPipelineStage(in, now)
	p.Stages = append(p.Stages, s)
	p.UpdatedAt = now
	return http.StatusCreated, viewPipelineStage(s), nil
}

func (e *Emulator) getStage(r *http.Request) (int, any, error) {
	_, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPipelineStage(s), nil
}

func (e *Emulator) replaceStage(r *http.Request) (int, any, error) {
	p, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	in, meta, err := decodeStageInput(r, "PipelineStageReplaceInput", p, s)
	if err != nil {
		return 0, nil, err
	}
	now := e.pipelineNow()
	s.Label, s.DisplayOrder, s.Metadata, s.UpdatedAt = *in.Label, int(*in.DisplayOrder), meta, now
	p.UpdatedAt = now
	return http.StatusOK, viewPipelineStage(s), nil
}

func (e *Emulator) patchStage(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	var in pipelineStageInput
	if err := decodeBody(r, "PipelineStagePatchInput", &in); err != nil {
		return 0, nil, err
	}
	if in.Metadata == nil {
		return 0, nil, missingFields("PipelineStagePatchInput", "metadata")
	}
	id := r.PathValue("stageId")
	s := findPipelineStage(p, id)
	if s == nil {
		return 0, nil, pipelineStageNotFound(p.ID, id)
	}
	if err := checkRestore(s.Archived, in.Archived, pipelineStageNotFound(p.ID, id), "stage"); err != nil {
		return 0, nil, err
	}
	label := s.Label
	if in.Label != nil {
		label = *in.Label
	}
	merged := make(map[string]string, len(s.Metadata)+len(in.Metadata))
	for k, v := range s.Metadata {
		merged[k] = v
	}
	for k, v := range in.Metadata {
		merged[k] = v
	}
	meta, err := normalizeStageMetadata(merged, label)
	if err != nil {
		return 0, nil, err
	}
	if err := checkStageLabel(p, label, s); err != nil {
		return 0, nil, err
	}
	if s.Archived {
		if err := checkStageCount(len(activePipelineStages(p)) + 1); err != nil {
			return 0, nil, err
		}
		s.restore()
	}
	now := e.pipelineNow()
	s.Label, s.Metadata, s.UpdatedAt = label, meta, now
	if in.DisplayOrder != nil {
		s.DisplayOrder = int(*in.DisplayOrder)
	}
	p.UpdatedAt = now
	return http.StatusOK, viewPipelineStage(s), nil
}

func (e *Emulator) deleteStage(r *http.Request) (int, any, error) {
	p, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	validate, err := validateReferencesParam(r, false)
	if err != nil {
		return 0, nil, err
	}
	if len(activePipelineStages(p)) <= 1 {
		return 0, nil, badRequest(fmt.Sprintf("Cannot delete stage %s: it is the last stage of pipeline %s, and a pipeline must have at least one stage", s.ID, p.ID))
	}
	if n := e.ticketsUsing(p.ID, map[string]bool{s.ID: true}); validate && n > 0 {
		return 0, nil, inUseError(pipelineSubCatStageInUse, "stage "+s.ID+" of pipeline "+p.ID, n, "stage")
	}
	now := e.pipelineNow()
	s.archive(now)
	p.UpdatedAt = now
	return http.StatusNoContent, nil, nil
}

func (e *Emulator) stageAudit(r *http.Request) (int, any, error) {
	_, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, e.pipelineAuditLog("stage", s.ID, s.CreatedAt, s.UpdatedAt), nil
}
