package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func propertyResources() []func() resource.Resource { return nil }

func propertyDataSources() []func() datasource.DataSource { return nil }
