package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

func propertyResources() []func() resource.Resource {
	return []func() resource.Resource{NewTicketPropertyGroupResource, NewTicketPropertyResource}
}

func propertyDataSources() []func() datasource.DataSource {
	return []func() datasource.DataSource{NewTicketPropertyDataSource, NewTicketPropertiesDataSource, NewTicketPropertyGroupsDataSource}
}
