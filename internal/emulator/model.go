package emulator

import "time"

// The types below are the wire shapes of HubSpot's public specs (specs/*.json): field names,
// optionality and nesting follow the spec schemas so that what the emulator writes is what
// HubSpot writes. They double as the stored state.

// record holds the fields the spec's Pipeline, PipelineStage and SimplePublicObject schemas
// share: when it was made and last changed, and whether it is archived. Embedded, its fields
// stand in the JSON as the specs name them.
type record struct {
	Archived   bool       `json:"archived"`
	ArchivedAt *time.Time `json:"archivedAt,omitempty"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
}

// madeAt is the record of something created at now.
func madeAt(now time.Time) record { return record{CreatedAt: now, UpdatedAt: now} }

// archive moves the record to the recycle bin at now.
func (r *record) archive(now time.Time) {
	r.Archived, r.ArchivedAt, r.UpdatedAt = true, &now, now
}

// restore takes the record out of the recycle bin.
func (r *record) restore() { r.Archived, r.ArchivedAt = false, nil }

// Pipeline is the spec's Pipeline schema.
type Pipeline struct {
	ID           string           `json:"id"`
	Label        string           `json:"label"`
	DisplayOrder int              `json:"displayOrder"`
	Stages       []*PipelineStage `json:"stages"`
	record
}

// PipelineStage is the spec's PipelineStage schema.
type PipelineStage struct {
	ID               string            `json:"id"`
	Label            string            `json:"label"`
	DisplayOrder     int               `json:"displayOrder"`
	Metadata         map[string]string `json:"metadata"`
	WritePermissions string            `json:"writePermissions,omitempty"`
	record
}

// PropertyGroup is the spec's PropertyGroup schema.
type PropertyGroup struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder int    `json:"displayOrder"`
	Archived     bool   `json:"archived"`
}

// Option is the spec's Option schema.
type Option struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	Description  string `json:"description,omitempty"`
	DisplayOrder *int   `json:"displayOrder,omitempty"`
	Hidden       bool   `json:"hidden"`
}

// ModificationMetadata is the spec's PropertyModificationMetadata schema.
type ModificationMetadata struct {
	Archivable         bool `json:"archivable"`
	ReadOnlyDefinition bool `json:"readOnlyDefinition"`
	ReadOnlyValue      bool `json:"readOnlyValue"`
	ReadOnlyOptions    bool `json:"readOnlyOptions"`
}

// Property is the spec's Property schema.
type Property struct {
	Name                 string                `json:"name"`
	Label                string                `json:"label"`
	Type                 string                `json:"type"`
	FieldType            string                `json:"fieldType"`
	GroupName            string                `json:"groupName"`
	Description          string                `json:"description"`
	Options              []Option              `json:"options"`
	DisplayOrder         *int                  `json:"displayOrder,omitempty"`
	HasUniqueValue       bool                  `json:"hasUniqueValue"`
	Hidden               bool                  `json:"hidden"`
	FormField            bool                  `json:"formField"`
	Calculated           bool                  `json:"calculated"`
	CalculationFormula   string                `json:"calculationFormula,omitempty"`
	ExternalOptions      bool                  `json:"externalOptions"`
	ReferencedObjectType string                `json:"referencedObjectType,omitempty"`
	HubspotDefined       bool                  `json:"hubspotDefined,omitempty"`
	ShowCurrencySymbol   *bool                 `json:"showCurrencySymbol,omitempty"`
	CurrencyPropertyName string                `json:"currencyPropertyName,omitempty"`
	NumberDisplayHint    string                `json:"numberDisplayHint,omitempty"`
	TextDisplayHint      string                `json:"textDisplayHint,omitempty"`
	DateDisplayHint      string                `json:"dateDisplayHint,omitempty"`
	DataSensitivity      string                `json:"dataSensitivity,omitempty"`
	ModificationMetadata *ModificationMetadata `json:"modificationMetadata,omitempty"`
	Archived             bool                  `json:"archived"`
	ArchivedAt           *time.Time            `json:"archivedAt,omitempty"`
	CreatedAt            *time.Time            `json:"createdAt,omitempty"`
	UpdatedAt            *time.Time            `json:"updatedAt,omitempty"`
	CreatedUserID        string                `json:"createdUserId,omitempty"`
	UpdatedUserID        string                `json:"updatedUserId,omitempty"`
}

// Object is a CRM record as the spec's SimplePublicObject: a ticket, contact, company or deal.
// Values are always strings on the wire.
type Object struct {
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	record
}

// AssociationType is one stored association type between two object types. On the wire it
// is rendered as the spec's AssociationSpecWithLabel (category, typeId, label, from/to type
// ids); Name and InverseTypeID are kept only inside the emulator. Label is nil for an
// unlabeled type.
type AssociationType struct {
	Category         string  `json:"category"`
	TypeID           int     `json:"typeId"`
	Label            *string `json:"label"`
	FromObjectTypeID string  `json:"fromObjectTypeId"`
	ToObjectTypeID   string  `json:"toObjectTypeId"`
	// Name is the internal name given when a USER_DEFINED label was created.
	Name string `json:"name,omitempty"`
	// InverseTypeID links the two directions of one definition (0 when there is none).
	InverseTypeID int `json:"inverseTypeId,omitempty"`
}

// AssociationLink is one stored record-to-record association of one type. Links are stored in
// one direction; the reverse direction is derived through the type's inverse.
type AssociationLink struct {
	FromType string `json:"fromType"` // object type id, e.g. "0-5"
	FromID   string `json:"fromId"`
	ToType   string `json:"toType"`
	ToID     string `json:"toId"`
	TypeID   int    `json:"typeId"`
	Category string `json:"category"`
}

// Owner is the spec's PublicOwner schema.
type Owner struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	Email     string `json:"email,omitempty"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
	UserID    int    `json:"userId,omitempty"`
	// UserIDIncludingInactive equals UserID for people; queues have neither.
	UserIDIncludingInactive int         `json:"userIdIncludingInactive,omitempty"`
	Teams                   []OwnerTeam `json:"teams,omitempty"`
	Archived                bool        `json:"archived"`
	CreatedAt               time.Time   `json:"createdAt"`
	UpdatedAt               time.Time   `json:"updatedAt"`
}

// OwnerTeam is the spec's PublicTeam schema.
type OwnerTeam struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Primary bool   `json:"primary"`
}

// portal is everything one emulated HubSpot account holds. It is what -state persists.
type portal struct {
	PortalID int   `json:"portalId"`
	NextID   int64 `json:"nextId"`
	// Pipelines holds ticket pipelines by id, archived ones included (they answer 404).
	Pipelines map[string]*Pipeline `json:"pipelines"`
	// Groups and Properties hold ticket property groups and properties by name, archived
	// ones included (the recycle bin).
	Groups     map[string]*PropertyGroup `json:"groups"`
	Properties map[string]*Property      `json:"properties"`
	// Objects holds CRM records by object type id ("0-5" tickets, "0-1" contacts, "0-2"
	// companies, "0-3" deals) and then by record id.
	Objects map[string]map[string]*Object `json:"objects"`
	// AssociationTypes holds the types between an ordered pair of object type ids, keyed
	// "FROM/TO" (e.g. "0-5/0-1").
	AssociationTypes map[string][]*AssociationType `json:"associationTypes"`
	Associations     []*AssociationLink            `json:"associations"`
	Owners           []*Owner                      `json:"owners"`
}
