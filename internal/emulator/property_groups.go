package emulator

// Property groups: /crm/v3/properties/{objectType}/groups (the rules are listed in
// properties.go's header). Names follow the property name rules [2nd]; a group created without
// displayOrder gets -1 (choice); groups are listed by name (choice). Deleting a group that
// holds active properties answers 400 VALIDATION_ERROR, subCategory
// PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES, "Can't delete or purge a group with active
// properties" [2nd].

import (
	"fmt"
	"net/http"
	"strings"
)

const groupActiveProperties = "PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES"

// groupInput is the spec's PropertyGroupCreate and PropertyGroupUpdate.
type groupInput struct {
	Name         *string `json:"name,omitempty"`
	Label        *string `json:"label"`
	DisplayOrder *int32  `json:"displayOrder"`
}

func (e *Emulator) listPropertyGroups(r *http.Request) (int, any, error) {
	if _, err := decodePropertyRequest(r, "", nil); err != nil {
		return 0, nil, err
	}
	results := []*PropertyGroup{}
	for _, name := range sortedKeys(e.p.Groups) {
		if g := e.p.Groups[name]; !g.Archived {
			results = append(results, g)
		}
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

func (e *Emulator) activeGroup(name string) (*PropertyGroup, error) {
	g := e.p.Groups[name]
	if g == nil || g.Archived {
		return nil, notFound(fmt.Sprintf("Property group %q does not exist", name))
	}
	return g, nil
}

// pathGroup checks the object type of a group route and finds the active group it names.
func (e *Emulator) pathGroup(r *http.Request) (*PropertyGroup, error) {
	if _, err := decodePropertyRequest(r, "", nil); err != nil {
		return nil, err
	}
	return e.activeGroup(r.PathValue("groupName"))
}

func (e *Emulator) getPropertyGroup(r *http.Request) (int, any, error) {
	g, err := e.pathGroup(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, g, nil
}

func (e *Emulator) createPropertyGroup(r *http.Request) (int, any, error) {
	var in groupInput
	if _, err := decodePropertyRequest(r, "PropertyGroupCreate", &in); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("PropertyGroupCreate", requiredField{"label", in.Label != nil}, requiredField{"name", in.Name != nil}); err != nil {
		return 0, nil, err
	}
	if err := checkPropertyName(*in.Name, "Property group"); err != nil {
		return 0, nil, err
	}
	if err := checkGroupInput(&in); err != nil {
		return 0, nil, err
	}
	if old := e.p.Groups[*in.Name]; old != nil {
		if old.Archived {
			return 0, nil, propertyConflict(fmt.Sprintf("A property group named %q already exists: it is archived (in the recycle bin) and keeps its name until it is restored or permanently deleted in HubSpot", *in.Name), *in.Name)
		}
		return 0, nil, propertyConflict(fmt.Sprintf("A property group named %q already exists", *in.Name), *in.Name)
	}
	g := &PropertyGroup{Name: *in.Name, Label: *in.Label, DisplayOrder: -1}
	if in.DisplayOrder != nil {
		g.DisplayOrder = int(*in.DisplayOrder)
	}
	e.p.Groups[g.Name] = g
	return http.StatusCreated, g, nil
}

// checkGroupInput applies the label and displayOrder rules of a group create or update.
func checkGroupInput(in *groupInput) error {
	if in.Label != nil && strings.TrimSpace(*in.Label) == "" {
		return badRequest("label must not be empty")
	}
	return checkDisplayOrder("Property group", in.DisplayOrder)
}

func (e *Emulator) updatePropertyGroup(r *http.Request) (int, any, error) {
	var in struct {
		Label        *string `json:"label"`
		DisplayOrder *int32  `json:"displayOrder"`
	}
	if err := decodePropertyPatch(r, "PropertyGroupUpdate", "property group", []string{"name", "archived"}, &in); err != nil {
		return 0, nil, err
	}
	if err := checkGroupInput(&groupInput{Label: in.Label, DisplayOrder: in.DisplayOrder}); err != nil {
		return 0, nil, err
	}
	g, err := e.activeGroup(r.PathValue("groupName"))
	if err != nil {
		return 0, nil, err
	}
	if in.Label != nil {
		g.Label = *in.Label
	}
	if in.DisplayOrder != nil {
		g.DisplayOrder = int(*in.DisplayOrder)
	}
	return http.StatusOK, g, nil
}

func (e *Emulator) archivePropertyGroup(r *http.Request) (int, any, error) {
	g, err := e.pathGroup(r)
	if err != nil {
		return 0, nil, err
	}
	for _, d := range e.p.Properties {
		if d.GroupName == g.Name && !d.Archived {
			ae := badRequest("Can't delete or purge a group with active properties")
			ae.SubCategory = groupActiveProperties
			return 0, nil, ae
		}
	}
	g.Archived = true
	return http.StatusNoContent, nil, nil
}
