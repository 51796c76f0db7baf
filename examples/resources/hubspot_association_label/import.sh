# FROM_OBJECT_TYPE/TO_OBJECT_TYPE/TYPE_ID, with the type id the label has from the first object
# type to the second (the hubspot_association_types data source lists it).
terraform import hubspot_association_label.requester tickets/contacts/1000123
