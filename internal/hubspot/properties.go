package hubspot

import (
	"context"
	"fmt"
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

func (p Property) clone() Property {
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

func propertiesPath(objectType string, segments ...string) string {
	p := "/crm/v3/properties/" + pathEscape(objectType)
	for _, s := range segments {
		p += "/" + pathEscape(s)
	}
	return p
}

func (c *Client) propertyCache(objectType, sensitivity string) *listCache[[]Property] {
	if sensitivity == "" {
		sensitivity = DataSensitivityNonSensitive
	}
	return cachedList[[]Property](c, "properties/"+objectTypeSegment(objectType)+"/"+sensitivity)
}

func (c *Client) archivedPropertyCache(objectType string) *listCache[[]Property] {
	return cachedList[[]Property](c, "properties/"+objectTypeSegment(objectType)+"/archived")
}

// recordCreatedProperties adds properties HubSpot has just created to the cached lists instead
// of dropping the lists: a run that creates many properties would otherwise list them all
// again after every create.
func (c *Client) recordCreatedProperties(objectType string, created []*Property) {
	for _, s := range DataSensitivities {
		var mine []Property
		for _, p := range created {
			if p != nil && p.Sensitivity() == s {
				mine = append(mine, *p)
			}
		}
		if len(mine) == 0 {
			continue
		}
		c.propertyCache(objectType, s).update(func(list []Property) []Property {
			out := make([]Property, 0, len(list)+len(mine))
			names := map[string]bool{}
			for _, p := range mine {
				names[p.Name] = true
			}
			for _, p := range list {
				if !names[p.Name] {
					out = append(out, p)
				}
			}
			return append(out, mine...)
		})
	}
}

func (c *Client) invalidateProperties(objectType string) {
	for _, s := range DataSensitivities {
		c.propertyCache(objectType, s).invalidate()
	}
	c.archivedPropertyCache(objectType).invalidate()
}

func (c *Client) groupCache(objectType string) *listCache[[]PropertyGroup] {
	return cachedList[[]PropertyGroup](c, "propertyGroups/"+objectTypeSegment(objectType))
}

func sensitivityQuery(sensitivity string) url.Values {
	if sensitivity == "" || sensitivity == DataSensitivityNonSensitive {
		return nil
	}
	return url.Values{"dataSensitivity": {sensitivity}}
}

func cloneProperties(in []Property) []Property {
	out := make([]Property, len(in))
	for i, p := range in {
		out[i] = p.clone()
	}
	return out
}

// ListProperties returns the object type's active non-sensitive properties, HubSpot-defined
// and custom. All reads of a run share one list request until the next property write.
func (c *Client) ListProperties(ctx context.Context, objectType string) ([]Property, error) {
	return c.ListPropertiesOfSensitivity(ctx, objectType, DataSensitivityNonSensitive)
}

// ListPropertiesOfSensitivity returns the active properties of one data sensitivity level:
// HubSpot lists each level separately.
func (c *Client) ListPropertiesOfSensitivity(ctx context.Context, objectType, sensitivity string) ([]Property, error) {
	list, err := c.propertyCache(objectType, sensitivity).get(ctx, func(ctx context.Context) ([]Property, error) {
		var out struct {
			Results []Property `json:"results"`
		}
		if err := c.get(ctx, propertiesPath(objectType), sensitivityQuery(sensitivity), &out); err != nil {
			return nil, err
		}
		return out.Results, nil
	})
	if err != nil {
		return nil, err
	}
	return cloneProperties(list), nil
}

// ListArchivedProperties returns the non-sensitive properties in the recycle bin, whose names
// HubSpot keeps taken. Like the active list, it is one request per run until the next write.
func (c *Client) ListArchivedProperties(ctx context.Context, objectType string) ([]Property, error) {
	list, err := c.archivedPropertyCache(objectType).get(ctx, func(ctx context.Context) ([]Property, error) {
		var out struct {
			Results []Property `json:"results"`
		}
		if err := c.get(ctx, propertiesPath(objectType), url.Values{"archived": {"true"}}, &out); err != nil {
			return nil, err
		}
		return out.Results, nil
	})
	if err != nil {
		return nil, err
	}
	return cloneProperties(list), nil
}

// GetProperty returns an active non-sensitive property by name. It is served from the cached
// list; a property absent from it is asked for by name, which answers a not-found *Error for
// an unknown or archived property and finds one created since the list was fetched.
func (c *Client) GetProperty(ctx context.Context, objectType, name string) (*Property, error) {
	return c.GetPropertyOfSensitivity(ctx, objectType, name, DataSensitivityNonSensitive)
}

// GetPropertyOfSensitivity is GetProperty for a property of the given data sensitivity level.
func (c *Client) GetPropertyOfSensitivity(ctx context.Context, objectType, name, sensitivity string) (*Property, error) {
	if !c.noCoalescing {
		list, err := c.ListPropertiesOfSensitivity(ctx, objectType, sensitivity)
		if err != nil {
			return nil, err
		}
		for i := range list {
			if list[i].Name == name {
				return &list[i], nil
			}
		}
	}
	var p Property
	if err := c.get(ctx, propertiesPath(objectType, name), sensitivityQuery(sensitivity), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// FindProperty returns an active property by name whatever its data sensitivity, trying the
// levels in order: HubSpot answers for one level at a time, and an imported property's level
// is not known beforehand.
func (c *Client) FindProperty(ctx context.Context, objectType, name string) (*Property, error) {
	var firstErr error
	for _, s := range DataSensitivities {
		p, err := c.GetPropertyOfSensitivity(ctx, objectType, name, s)
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

// GetArchivedProperty returns a property in the recycle bin by name.
func (c *Client) GetArchivedProperty(ctx context.Context, objectType, name string) (*Property, error) {
	var p Property
	if err := c.get(ctx, propertiesPath(objectType, name), url.Values{"archived": {"true"}}, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// CreateProperty creates a property. HubSpot answers a conflict *Error when the name is taken,
// by an active property or by one in the recycle bin.
//
// Creates of the same object type that arrive together share batch create requests (see
// recordWriter); each caller still gets its own property or its own error, as a *Error that
// IsConflict and IsValidation understand. When HubSpot's answer to a batch is lost (a transport
// error or a 5xx), the batch is not sent again and every caller in it gets an
// *UncertainCreateError.
func (c *Client) CreateProperty(ctx context.Context, objectType string, in PropertyCreate) (*Property, error) {
	if c.noCoalescing {
		return c.createPropertySingly(ctx, objectType, in)
	}
	return c.propertyCreator(objectType).do(ctx, in.Name, in)
}

func (c *Client) createPropertySingly(ctx context.Context, objectType string, in PropertyCreate) (*Property, error) {
	var out Property
	if err := c.do(ctx, request{method: http.MethodPost, path: propertiesPath(objectType), body: in, out: &out}); err != nil {
		c.invalidateProperties(objectType)
		return nil, err
	}
	c.recordCreatedProperties(objectType, []*Property{&out})
	return &out, nil
}

// UpdateProperty changes a property's definition.
func (c *Client) UpdateProperty(ctx context.Context, objectType, name string, in PropertyUpdate) (*Property, error) {
	defer c.invalidateProperties(objectType)
	var out Property
	if err := c.do(ctx, request{method: http.MethodPatch, path: propertiesPath(objectType, name), body: in, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// ArchiveProperty moves a property to the recycle bin. Archives of the same object type that
// arrive together share batch archive requests; a batch HubSpot refuses as a whole (a
// HubSpot-defined property among them) falls back to one DELETE per property, so that each
// caller gets HubSpot's answer about its own property.
func (c *Client) ArchiveProperty(ctx context.Context, objectType, name string) error {
	if c.noCoalescing {
		return c.archivePropertySingly(ctx, objectType, name)
	}
	_, err := c.propertyArchiver(objectType).do(ctx, name, name)
	return err
}

func (c *Client) archivePropertySingly(ctx context.Context, objectType, name string) error {
	defer c.invalidateProperties(objectType)
	return c.do(ctx, request{method: http.MethodDelete, path: propertiesPath(objectType, name), safe: true})
}

type wireBatchProperties struct {
	Status  string       `json:"status"`
	Results []Property   `json:"results"`
	Errors  []BatchError `json:"errors"`
}

func (c *Client) batchProperties(ctx context.Context, path string, body any, safe bool) ([]Property, error) {
	var out wireBatchProperties
	if err := c.do(ctx, request{method: http.MethodPost, path: path, body: body, out: &out, safe: safe}); err != nil {
		return nil, err
	}
	if len(out.Errors) > 0 {
		return out.Results, &PartialError{Method: http.MethodPost, Path: path, Errors: out.Errors}
	}
	return out.Results, nil
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

// BatchReadProperties reads properties by name, active ones or (archived) those in the recycle
// bin. Names HubSpot does not find are reported by a *PartialError returned with the properties
// that were found.
func (c *Client) BatchReadProperties(ctx context.Context, objectType string, names []string, archived bool) ([]Property, error) {
	body := map[string]any{"inputs": propertyNames(names), "archived": archived, "dataSensitivity": DataSensitivityNonSensitive}
	return c.batchProperties(ctx, propertiesPath(objectType, "batch", "read"), body, true)
}

// BatchCreateProperties creates properties under the same rules as CreateProperty. The ones
// HubSpot refuses are reported by a *PartialError returned with the ones it created.
func (c *Client) BatchCreateProperties(ctx context.Context, objectType string, in []PropertyCreate) ([]Property, error) {
	defer c.invalidateProperties(objectType)
	return c.batchProperties(ctx, propertiesPath(objectType, "batch", "create"), map[string]any{"inputs": in}, false)
}

// BatchArchiveProperties moves properties to the recycle bin; names already archived or unknown
// are no error.
func (c *Client) BatchArchiveProperties(ctx context.Context, objectType string, names []string) error {
	defer c.invalidateProperties(objectType)
	return c.do(ctx, request{method: http.MethodPost, path: propertiesPath(objectType, "batch", "archive"), body: map[string]any{"inputs": propertyNames(names)}, safe: true})
}

// ListPropertyGroups returns the object type's active property groups, from one list request
// per run until the next group write.
func (c *Client) ListPropertyGroups(ctx context.Context, objectType string) ([]PropertyGroup, error) {
	list, err := c.groupCache(objectType).get(ctx, func(ctx context.Context) ([]PropertyGroup, error) {
		var out struct {
			Results []PropertyGroup `json:"results"`
		}
		if err := c.get(ctx, propertiesPath(objectType, "groups"), nil, &out); err != nil {
			return nil, err
		}
		return out.Results, nil
	})
	if err != nil {
		return nil, err
	}
	return slices.Clone(list), nil
}

// GetPropertyGroup returns an active group by name, from the cached list or, when absent from
// it, by asking HubSpot.
func (c *Client) GetPropertyGroup(ctx context.Context, objectType, name string) (*PropertyGroup, error) {
	if !c.noCoalescing {
		list, err := c.ListPropertyGroups(ctx, objectType)
		if err != nil {
			return nil, err
		}
		for i := range list {
			if list[i].Name == name {
				return &list[i], nil
			}
		}
	}
	var g PropertyGroup
	if err := c.get(ctx, propertiesPath(objectType, "groups", name), nil, &g); err != nil {
		return nil, err
	}
	return &g, nil
}

// CreatePropertyGroup creates a group.
func (c *Client) CreatePropertyGroup(ctx context.Context, objectType string, in PropertyGroupCreate) (*PropertyGroup, error) {
	defer c.groupCache(objectType).invalidate()
	var out PropertyGroup
	if err := c.do(ctx, request{method: http.MethodPost, path: propertiesPath(objectType, "groups"), body: in, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePropertyGroup changes a group's label or display order.
func (c *Client) UpdatePropertyGroup(ctx context.Context, objectType, name string, in PropertyGroupUpdate) (*PropertyGroup, error) {
	defer c.groupCache(objectType).invalidate()
	var out PropertyGroup
	if err := c.do(ctx, request{method: http.MethodPatch, path: propertiesPath(objectType, "groups", name), body: in, out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// ArchivePropertyGroup moves a group to the recycle bin. HubSpot refuses while the group holds
// active properties (see IsGroupWithActiveProperties).
func (c *Client) ArchivePropertyGroup(ctx context.Context, objectType, name string) error {
	defer c.groupCache(objectType).invalidate()
	return c.do(ctx, request{method: http.MethodDelete, path: propertiesPath(objectType, "groups", name), safe: true})
}

// UncertainCreateError says that a property create may or may not have happened: the batch
// request holding it was sent, but HubSpot's answer was lost (a transport error) or was a
// server error. The create is never sent again: if the first one was made, the second would
// answer a conflict that cannot be told apart from a name someone else holds.
type UncertainCreateError struct {
	ObjectType string
	Name       string
	Err        error
}

func (e *UncertainCreateError) Error() string {
	return fmt.Sprintf("the %s property %q may or may not have been created: %v. It was not sent again, so that nothing is created twice. "+
		"Look it up by name (GET %s): if it exists, import it by its name (%s); if not, create it again",
		e.ObjectType, e.Name, e.Err, propertiesPath(e.ObjectType, e.Name), e.Name)
}

func (e *UncertainCreateError) Unwrap() error { return e.Err }

func (c *Client) propertyCreator(objectType string) *recordWriter[PropertyCreate, *Property] {
	return recordWriterFor(c, "propertyCreates:"+objectTypeSegment(objectType),
		func(ctx context.Context, in PropertyCreate) (*Property, error) {
			return c.createPropertySingly(ctx, objectType, in)
		},
		func(ctx context.Context, in []PropertyCreate) ([]*Property, []error) {
			return c.createPropertiesForCallers(ctx, objectType, in)
		})
}

func (c *Client) propertyArchiver(objectType string) *recordWriter[string, struct{}] {
	return recordWriterFor(c, "propertyArchives:"+objectTypeSegment(objectType),
		func(ctx context.Context, name string) (struct{}, error) {
			return struct{}{}, c.archivePropertySingly(ctx, objectType, name)
		},
		func(ctx context.Context, names []string) ([]struct{}, []error) {
			// HubSpot archives none of a batch it refuses (one HubSpot-defined property is
			// enough); single archives tell each caller about its own property.
			err := c.BatchArchiveProperties(ctx, objectType, names)
			errs := archivedEach(len(names), err, func(i int) error { return c.archivePropertySingly(ctx, objectType, names[i]) })
			return make([]struct{}, len(names)), errs
		})
}

// createPropertiesForCallers sends one batch create and answers each input's property or
// error, matched by name. A refused input's error comes back as a *Error named after the
// create it stands for, so that callers read it as they read a single create's.
func (c *Client) createPropertiesForCallers(ctx context.Context, objectType string, inputs []PropertyCreate) ([]*Property, []error) {
	path := propertiesPath(objectType, "batch", "create")
	res := make([]*Property, len(inputs))
	errs := make([]error, len(inputs))
	var out wireBatchProperties
	err := c.do(ctx, request{method: http.MethodPost, path: path, body: map[string]any{"inputs": inputs}, out: &out})
	if refusedAsWhole(err) {
		eachOnItsOwn(len(inputs), func(i int) { res[i], errs[i] = c.createPropertySingly(ctx, objectType, inputs[i]) })
		return res, errs
	}
	if e, ok := asError(err); ok && e.StatusCode < 500 {
		// Credentials or rate limits: nothing was created, and every caller hears why.
		for i := range errs {
			errs[i] = err
		}
		return res, errs
	}
	if err != nil {
		c.invalidateProperties(objectType)
		for i, in := range inputs {
			errs[i] = &UncertainCreateError{ObjectType: objectType, Name: in.Name, Err: err}
		}
		return res, errs
	}
	byName := map[string]int{}
	for i, in := range inputs {
		byName[in.Name] = i
	}
	created := make([]*Property, 0, len(out.Results))
	for k := range out.Results {
		p := &out.Results[k]
		if i, ok := byName[p.Name]; ok {
			res[i] = p
		}
		created = append(created, p)
	}
	c.recordCreatedProperties(objectType, created)
	if len(created) < len(inputs) {
		// Whatever HubSpot made of the rest is not known here; the archived list is unchanged
		// by a create, but an active list may have to be read again.
		c.invalidateProperties(objectType)
	}
	var unnamed []BatchError
	for _, be := range out.Errors {
		named := false
		for _, n := range be.Context["name"] {
			if i, ok := byName[n]; ok {
				errs[i] = recordItemError(http.MethodPost, path, be, "")
				named = true
			}
		}
		if !named {
			unnamed = append(unnamed, be)
		}
	}
	for i, in := range inputs {
		if res[i] != nil || errs[i] != nil {
			continue
		}
		var cause error = &PartialError{Method: http.MethodPost, Path: path, Errors: unnamed}
		if len(unnamed) == 0 {
			cause = fmt.Errorf("HubSpot's answer to POST %s has neither a result nor an error for it", path)
		}
		errs[i] = &UncertainCreateError{ObjectType: objectType, Name: in.Name, Err: cause}
	}
	return res, errs
}
