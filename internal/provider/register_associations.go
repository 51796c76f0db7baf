package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"
import "github.com/hashicorp/terraform-plugin-framework/datasource"

func associationResources() []func() resource.Resource { return nil }

func associationDataSources() []func() datasource.DataSource { return nil }
