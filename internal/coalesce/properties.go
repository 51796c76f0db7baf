package coalesce

import (
	"context"
	"slices"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// propertyQueries are the property lists a run may hold per object type: the active
// properties of each sensitivity level, and those in the recycle bin.
var propertyQueries = func() []hubspot.PropertyQuery {
	var qs []hubspot.PropertyQuery
	for _, s := range hubspot.DataSensitivities {
		qs = append(qs, hubspot.PropertyQuery{DataSensitivity: s})
	}
	return append(qs, hubspot.PropertyQuery{Archived: true})
}()

func propertyKey(objectType string, q hubspot.PropertyQuery) string {
	if q.Archived {
		return objectType + "/archived"
	}
	return objectType + "/" + q.Level()
}

func (c *Client) propertyList(ctx context.Context, objectType string, q hubspot.PropertyQuery) ([]hubspot.Property, error) {
	if q.Archived {
		// HubSpot lists the recycle bin's properties without regard to their level.
		q.DataSensitivity = ""
	}
	key := propertyKey(hubspot.CanonicalObjectType(objectType), q)
	return c.properties.of(key).get(ctx, func(ctx context.Context) ([]hubspot.Property, error) {
		return c.api.ListProperties(ctx, objectType, q)
	})
}

// ListProperties serves each list from one request per run until a property write.
func (c *Client) ListProperties(ctx context.Context, objectType string, q hubspot.PropertyQuery) ([]hubspot.Property, error) {
	list, err := c.propertyList(ctx, objectType, q)
	if err != nil {
		return nil, err
	}
	return cloned(list, hubspot.Property.Clone), nil
}

// GetProperty serves a property from the list of its level; one absent from it is asked for
// by name, which gives HubSpot's not-found answer for an unknown or archived property.
func (c *Client) GetProperty(ctx context.Context, objectType, name string, q hubspot.PropertyQuery) (*hubspot.Property, error) {
	if !q.Archived {
		list, err := c.propertyList(ctx, objectType, q)
		if err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(list, func(p hubspot.Property) bool { return p.Name == name }); i >= 0 {
			p := list[i].Clone()
			return &p, nil
		}
	}
	return c.api.GetProperty(ctx, objectType, name, q)
}

// CreateProperty shares batch create requests with the creates of properties of the same
// object type that arrive together (see propertyCreates).
func (c *Client) CreateProperty(ctx context.Context, objectType string, in hubspot.PropertyCreate) (*hubspot.Property, error) {
	return c.propertyCreates(objectType).do(ctx, in)
}

// UpdateProperty is a single PATCH.
func (c *Client) UpdateProperty(ctx context.Context, objectType, name string, in hubspot.PropertyUpdate) (*hubspot.Property, error) {
	return writeOne(c, ctx, &change{what: propertiesChanged, objectType: objectType}, func(ctx context.Context) (*hubspot.Property, error) {
		return c.api.UpdateProperty(ctx, objectType, name, in)
	})
}

// ArchiveProperty shares batch archive requests with the archives of properties of the same
// object type that arrive together.
func (c *Client) ArchiveProperty(ctx context.Context, objectType, name string) error {
	_, err := c.propertyArchives(objectType).do(ctx, name)
	return err
}

func (c *Client) groupList(ctx context.Context, objectType string) ([]hubspot.PropertyGroup, error) {
	return c.groups.of(hubspot.CanonicalObjectType(objectType)).get(ctx, func(ctx context.Context) ([]hubspot.PropertyGroup, error) {
		return c.api.ListPropertyGroups(ctx, objectType)
	})
}

// ListPropertyGroups serves the list from one request per run until a group write.
func (c *Client) ListPropertyGroups(ctx context.Context, objectType string) ([]hubspot.PropertyGroup, error) {
	list, err := c.groupList(ctx, objectType)
	return slices.Clone(list), err
}

// GetPropertyGroup serves a group from the list, and asks HubSpot for one absent from it.
func (c *Client) GetPropertyGroup(ctx context.Context, objectType, name string) (*hubspot.PropertyGroup, error) {
	list, err := c.groupList(ctx, objectType)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(list, func(g hubspot.PropertyGroup) bool { return g.Name == name }); i >= 0 {
		g := list[i]
		return &g, nil
	}
	return c.api.GetPropertyGroup(ctx, objectType, name)
}

// CreatePropertyGroup is a single create: HubSpot has no batch endpoint for groups.
func (c *Client) CreatePropertyGroup(ctx context.Context, objectType string, in hubspot.PropertyGroupCreate) (*hubspot.PropertyGroup, error) {
	return writeOne(c, ctx, &change{what: groupsChanged, objectType: objectType}, func(ctx context.Context) (*hubspot.PropertyGroup, error) {
		return c.api.CreatePropertyGroup(ctx, objectType, in)
	})
}

// UpdatePropertyGroup is a single PATCH.
func (c *Client) UpdatePropertyGroup(ctx context.Context, objectType, name string, in hubspot.PropertyGroupUpdate) (*hubspot.PropertyGroup, error) {
	return writeOne(c, ctx, &change{what: groupsChanged, objectType: objectType}, func(ctx context.Context) (*hubspot.PropertyGroup, error) {
		return c.api.UpdatePropertyGroup(ctx, objectType, name, in)
	})
}

// ArchivePropertyGroup is a single DELETE.
func (c *Client) ArchivePropertyGroup(ctx context.Context, objectType, name string) error {
	return c.write(ctx, &change{what: groupsChanged, objectType: objectType}, func(ctx context.Context) error {
		return c.api.ArchivePropertyGroup(ctx, objectType, name)
	})
}
