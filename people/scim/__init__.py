"""SCIM 2.0 provisioning (RFC 7643/7644) at ``/scim/v2/``, by concern.

``models`` the provisioning clients and the SCIM identity of a provisioned employee · ``schema`` the
resources as scim2-models describes them (what ServiceProviderConfig, ResourceTypes and Schemas publish)
· ``resources`` an employee as a SCIM User and back · ``services`` provisioning through the people
import's own checks and writes · ``auth`` the bearer token · ``views`` the endpoints · ``urls``.
"""
