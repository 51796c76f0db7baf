package hubspot

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"time"
)

// Property data types (the spec's PropertyCreate type enum).
const (
	PropertyTypeBool        = "bool"
	PropertyTypeDate        = "date"
	PropertyTypeDatetime    = "datetime"
	PropertyTypeEnumeration = "enumeration"
	PropertyTypeNumber      = "number"
	PropertyTypePhoneNumber = "phone_number"
	PropertyTypeString      = "string"
)

// Property field types (the spec's PropertyCreate fieldType enum).
const (
	FieldTypeBooleanCheckbox     = "booleancheckbox"
	FieldTypeCalculationEquation = "calculation_equation"
	FieldTypeCheckbox            = "checkbox"
	FieldTypeDate                = "date"
	FieldTypeFile                = "file"
	FieldTypeHTML                = "html"
	FieldTypeNumber              = "number"
	FieldTypePhoneNumber         = "phonenumber"
	FieldTypeRadio               = "radio"
	FieldTypeSelect              = "select"
	FieldTypeText                = "text"
	FieldTypeTextarea            = "textarea"
)

// Data sensitivity levels. HubSpot lists and reads one level at a time; non_sensitive is the
// default of both.
const (
	DataSensitivityNonSensitive    = "non_sensitive"
	DataSensitivitySensitive       = "sensitive"
	DataSensitivityHighlySensitive = "highly_sensitive"
)

// SubCategoryGroupWithActiveProperties is the subCategory of HubSpot's refusal to delete a
// property group that still holds active properties.
const SubCategoryGroupWithActiveProperties = "PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES"

// DataSensitivities are the levels in the order HubSpot's docs list them.
var DataSensitivities = []string{DataSensitivityNonSensitive, DataSensitivitySensitive, DataSensitivityHighlySensitive}

// PropertyTypes and PropertyFieldTypes are the values the API accepts when creating a property.
var (
	PropertyTypes      = []string{PropertyTypeBool, PropertyTypeDate, PropertyTypeDatetime, PropertyTypeEnumeration, PropertyTypeNumber, PropertyTypePhoneNumber, PropertyTypeString}
	PropertyFieldTypes = []string{FieldTypeBooleanCheckbox, FieldTypeCalculationEquation, FieldTypeCheckbox, FieldTypeDate, FieldTypeFile, FieldTypeHTML, FieldTypeNumber, FieldTypePhoneNumber, FieldTypeRadio, FieldTypeSelect, FieldTypeText, FieldTypeTextarea}
)

// PropertyFieldTypesByType is the type ↔ fieldType table of HubSpot's properties guide, with
// phone_number (a newer type the guide does not list yet) paired with phonenumber.
var PropertyFieldTypesByType = map[string][]string{
	PropertyTypeBool:        {FieldTypeBooleanCheckbox, FieldTypeCalculationEquation},
	PropertyTypeEnumeration: {FieldTypeBooleanCheckbox, FieldTypeCheckbox, FieldTypeRadio, FieldTypeSelect, FieldTypeCalculationEquation},
	PropertyTypeDate:        {FieldTypeDate},
	PropertyTypeDatetime:    {FieldTypeDate},
	PropertyTypeString:      {FieldTypeFile, FieldTypeText, FieldTypeTextarea, FieldTypeCalculationEquation, FieldTypeHTML, FieldTypePhoneNumber},
	PropertyTypeNumber:      {FieldTypeNumber, FieldTypeCalculationEquation},
	PropertyTypePhoneNumber: {FieldTypePhoneNumber},
}

// ValidPropertyFieldType reports whether HubSpot accepts fieldType for a property of type typ.
func ValidPropertyFieldType(typ, fieldType string) bool {
	return slices.Contains(PropertyFieldTypesByType[typ], fieldType)
}

// Display hints (the spec's enums).
var (
	NumberDisplayHints = []string{"unformatted", "formatted", "currency", "percentage", "duration", "probability"}
	TextDisplayHints   = []string{"unformatted_single_line", "multi_line", "email", "phone_number", "domain_name", "ip_address", "physical_address", "postal_code"}
)

// MaxUniqueValueProperties is how many properties with unique values HubSpot allows per object.
const MaxUniqueValueProperties = 10

// Property is a property definition (HubSpot's Property schema).
type Property struct {
	Name                    string                        `json:"name"`
	Label                   string                        `json:"label"`
	Type                    string                        `json:"type"`
	FieldType               string                        `json:"fieldType"`
	GroupName               string                        `json:"groupName"`
	Description             string                        `json:"description"`
	Options                 []PropertyOption              `json:"options"`
	DisplayOrder            int                           `json:"displayOrder"`
	HasUniqueValue          bool                          `json:"hasUniqueValue"`
	Hidden                  bool                          `json:"hidden"`
	FormField               bool                          `json:"formField"`
	Calculated              bool                          `json:"calculated"`
	CalculationFormula      string                        `json:"calculationFormula"`
	ExternalOptions         bool                          `json:"externalOptions"`
	ReferencedObjectType    string                        `json:"referencedObjectType"`
	HubspotDefined          bool                          `json:"hubspotDefined"`
	ShowCurrencySymbol      *bool                         `json:"showCurrencySymbol"`
	CurrencyPropertyName    string                        `json:"currencyPropertyName"`
	NumberDisplayHint       string                        `json:"numberDisplayHint"`
	TextDisplayHint         string                        `json:"textDisplayHint"`
	DateDisplayHint         string                        `json:"dateDisplayHint"`
	DataSensitivity         string                        `json:"dataSensitivity"`
	SensitiveDataCategories []string                      `json:"sensitiveDataCategories"`
	ModificationMetadata    *PropertyModificationMetadata `json:"modificationMetadata"`
	Archived                bool                          `json:"archived"`
	ArchivedAt              *time.Time                    `json:"archivedAt"`
	CreatedAt               *time.Time                    `json:"createdAt"`
	UpdatedAt               *time.Time                    `json:"updatedAt"`
	CreatedUserID           string                        `json:"createdUserId"`
	UpdatedUserID           string                        `json:"updatedUserId"`
}

// PropertyOption is one option of an enumeration property. Value is what records store; the
// other fields only change how HubSpot shows it.
type PropertyOption struct {
	Label        string `json:"label"`
	Value        string `json:"value"`
	Description  string `json:"description"`
	DisplayOrder int    `json:"displayOrder"`
	Hidden       bool   `json:"hidden"`
}

// PropertyModificationMetadata says what HubSpot lets users change about a property.
type PropertyModificationMetadata struct {
	Archivable         bool `json:"archivable"`
	ReadOnlyDefinition bool `json:"readOnlyDefinition"`
	ReadOnlyValue      bool `json:"readOnlyValue"`
	ReadOnlyOptions    bool `json:"readOnlyOptions"`
}

// Sensitivity is the property's data sensitivity level, non_sensitive when HubSpot leaves it out.
func (p *Property) Sensitivity() string {
	if p.DataSensitivity == "" {
		return DataSensitivityNonSensitive
	}
	return p.DataSensitivity
}

// SortedOptions returns the options in display order: ascending displayOrder, with -1 (and any
// other negative order) after the others, ties in HubSpot's order.
func (p *Property) SortedOptions() []PropertyOption {
	out := slices.Clone(p.Options)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].DisplayOrder, out[j].DisplayOrder
		if (a < 0) != (b < 0) {
			return b < 0
		}
		return a < b
	})
	return out
}

// Clone returns a deep copy of p, for callers that hand out a shared property.
func (p Property) Clone() Property {
	p.Options = slices.Clone(p.Options)
	p.SensitiveDataCategories = slices.Clone(p.SensitiveDataCategories)
	if p.ModificationMetadata != nil {
		m := *p.ModificationMetadata
		p.ModificationMetadata = &m
	}
	if p.ShowCurrencySymbol != nil {
		b := *p.ShowCurrencySymbol
		p.ShowCurrencySymbol = &b
	}
	return p
}

// PropertyCreate is the body of a property create (HubSpot's PropertyCreate schema).
type PropertyCreate struct {
	Name                 string           `json:"name"`
	Label                string           `json:"label"`
	Type                 string           `json:"type"`
	FieldType            string           `json:"fieldType"`
	GroupName            string           `json:"groupName"`
	Description          string           `json:"description,omitempty"`
	DisplayOrder         *int             `json:"displayOrder,omitempty"`
	HasUniqueValue       bool             `json:"hasUniqueValue,omitempty"`
	Hidden               bool             `json:"hidden"`
	FormField            bool             `json:"formField"`
	Options              []PropertyOption `json:"options,omitempty"`
	CalculationFormula   string           `json:"calculationFormula,omitempty"`
	ExternalOptions      bool             `json:"externalOptions,omitempty"`
	ReferencedObjectType string           `json:"referencedObjectType,omitempty"`
	DataSensitivity      string           `json:"dataSensitivity,omitempty"`
	CurrencyPropertyName string           `json:"currencyPropertyName,omitempty"`
	ShowCurrencySymbol   *bool            `json:"showCurrencySymbol,omitempty"`
	NumberDisplayHint    string           `json:"numberDisplayHint,omitempty"`
	TextDisplayHint      string           `json:"textDisplayHint,omitempty"`
}

// PropertyUpdate is the body of a property PATCH (HubSpot's PropertyUpdate schema): nil fields
// are left as they are. Options, when set, replaces the whole option list; options are matched
// by value, so sending the full list in the wanted order never re-maps a stored value.
type PropertyUpdate struct {
	Label                *string           `json:"label,omitempty"`
	Description          *string           `json:"description,omitempty"`
	GroupName            *string           `json:"groupName,omitempty"`
	DisplayOrder         *int              `json:"displayOrder,omitempty"`
	Hidden               *bool             `json:"hidden,omitempty"`
	FormField            *bool             `json:"formField,omitempty"`
	Options              *[]PropertyOption `json:"options,omitempty"`
	CalculationFormula   *string           `json:"calculationFormula,omitempty"`
	Type                 *string           `json:"type,omitempty"`
	FieldType            *string           `json:"fieldType,omitempty"`
	CurrencyPropertyName *string           `json:"currencyPropertyName,omitempty"`
	ShowCurrencySymbol   *bool             `json:"showCurrencySymbol,omitempty"`
	NumberDisplayHint    *string           `json:"numberDisplayHint,omitempty"`
	TextDisplayHint      *string           `json:"textDisplayHint,omitempty"`
}

// PropertyGroup is a property group (HubSpot's PropertyGroup schema).
type PropertyGroup struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder int    `json:"displayOrder"`
	Archived     bool   `json:"archived"`
}

// PropertyGroupCreate is the body of a group create.
type PropertyGroupCreate struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	DisplayOrder *int   `json:"displayOrder,omitempty"`
}

// PropertyGroupUpdate is the body of a group PATCH; the name cannot change.
type PropertyGroupUpdate struct {
	Label        *string `json:"label,omitempty"`
	DisplayOrder *int    `json:"displayOrder,omitempty"`
}

// IsGroupWithActiveProperties reports whether err is HubSpot refusing to delete a property
// group that still holds active properties.
func IsGroupWithActiveProperties(err error) bool {
	return HasSubCategory(err, SubCategoryGroupWithActiveProperties)
}

// PropertyQuery selects which of an object type's properties a read sees: HubSpot lists and
// reads one data sensitivity level at a time (non_sensitive when empty), and the active
// properties or those in the recycle bin.
type PropertyQuery struct {
	DataSensitivity string
	Archived        bool
}

// Level is the query's data sensitivity level, non_sensitive when empty.
func (q PropertyQuery) Level() string {
	if q.DataSensitivity == "" {
		return DataSensitivityNonSensitive
	}
	return q.DataSensitivity
}

func (q PropertyQuery) values() url.Values {
	v := url.Values{}
	if q.Archived {
		v.Set("archived", "true")
	}
	if l := q.Level(); l != DataSensitivityNonSensitive {
		v.Set("dataSensitivity", l)
	}
	return v
}

func propertiesPath(objectType string, segments ...string) string {
	return path("/crm/v3/properties/"+pathEscape(objectType), segments...)
}

// ListProperties returns the object type's properties that q selects, HubSpot-defined and
// custom.
func (c *Client) ListProperties(ctx context.Context, objectType string, q PropertyQuery) ([]Property, error) {
	return results[Property](ctx, c, propertiesPath(objectType), q.values())
}

// GetProperty returns a property by name; one that q does not select (another sensitivity
// level, or archived when q asks for active ones) is a not-found *Error.
func (c *Client) GetProperty(ctx context.Context, objectType, name string, q PropertyQuery) (*Property, error) {
	return call[Property](ctx, c, request{method: http.MethodGet, path: propertiesPath(objectType, name), query: q.values()})
}

// CreateProperty creates a property. HubSpot answers a conflict *Error when the name is taken,
// by an active property or by one in the recycle bin.
func (c *Client) CreateProperty(ctx context.Context, objectType string, in PropertyCreate) (*Property, error) {
	return call[Property](ctx, c, request{method: http.MethodPost, path: propertiesPath(objectType), body: in,
		create: &UncertainCreateError{Kind: "property", ObjectType: objectType, Key: in.Name}})
}

// UpdateProperty changes a property's definition.
func (c *Client) UpdateProperty(ctx context.Context, objectType, name string, in PropertyUpdate) (*Property, error) {
	return call[Property](ctx, c, request{method: http.MethodPatch, path: propertiesPath(objectType, name), body: in})
}

// ArchiveProperty moves a property to the recycle bin.
func (c *Client) ArchiveProperty(ctx context.Context, objectType, name string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: propertiesPath(objectType, name)})
}

type propertyName struct {
	Name string `json:"name"`
}

func propertyNames(names []string) []propertyName {
	out := make([]propertyName, len(names))
	for i, n := range names {
		out[i] = propertyName{Name: n}
	}
	return out
}

// BatchCreateProperties creates properties under the same rules as CreateProperty. The ones
// HubSpot refuses are reported by a *PartialError returned with the ones it created; a batch
// whose outcome is unknown is not sent again, and its error is an *UncertainCreateError.
func (c *Client) BatchCreateProperties(ctx context.Context, objectType string, in []PropertyCreate) ([]Property, error) {
	path := propertiesPath(objectType, "batch", "create")
	out, err := call[struct {
		Results []Property   `json:"results"`
		Errors  []BatchError `json:"errors"`
	}](ctx, c, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": in},
		create: &UncertainCreateError{Kind: "property", ObjectType: objectType}})
	if err != nil {
		return nil, err
	}
	errs := batchErrors{method: http.MethodPost, path: path}
	errs.add(out.Errors...)
	return out.Results, errs.err()
}

// BatchArchiveProperties moves properties to the recycle bin; names already archived or unknown
// are no error.
func (c *Client) BatchArchiveProperties(ctx context.Context, objectType string, names []string) error {
	return c.do(ctx, request{method: http.MethodPost, path: propertiesPath(objectType, "batch", "archive"), body: map[string]any{"inputs": propertyNames(names)}})
}

// ListPropertyGroups returns the object type's active property groups.
func (c *Client) ListPropertyGroups(ctx context.Context, objectType string) ([]PropertyGroup, error) {
	return results[PropertyGroup](ctx, c, propertiesPath(objectType, "groups"), nil)
}

// GetPropertyGroup returns an active group by name.
func (c *Client) GetPropertyGroup(ctx context.Context, objectType, name string) (*PropertyGroup, error) {
	return call[PropertyGroup](ctx, c, request{method: http.MethodGet, path: propertiesPath(objectType, "groups", name)})
}

// CreatePropertyGroup creates a group.
func (c *Client) CreatePropertyGroup(ctx context.Context, objectType string, in PropertyGroupCreate) (*PropertyGroup, error) {
	return call[PropertyGroup](ctx, c, request{method: http.MethodPost, path: propertiesPath(objectType, "groups"), body: in,
		create: &UncertainCreateError{Kind: "property group", ObjectType: objectType, Key: in.Name}})
}

// UpdatePropertyGroup changes a group's label or display order.
func (c *Client) UpdatePropertyGroup(ctx context.Context, objectType, name string, in PropertyGroupUpdate) (*PropertyGroup, error) {
	return call[PropertyGroup](ctx, c, request{method: http.MethodPatch, path: propertiesPath(objectType, "groups", name), body: in})
}

// ArchivePropertyGroup moves a group to the recycle bin. HubSpot refuses while the group holds
// active properties (see IsGroupWithActiveProperties).
func (c *Client) ArchivePropertyGroup(ctx context.Context, objectType, name string) error {
	return c.do(ctx, request{method: http.MethodDelete, path: propertiesPath(objectType, "groups", name)})
}
