/** A space with tag sets and tenants, and a tenanted project that uses them: shared by the tenant tests. */
export const TENANT_SPACE = `environments: [Test, Production]
variable-sets:
  - name: Customer Settings
    variables:
      Support.Email: help@example.com
    variable-templates:
      - { name: Tenant.Alias, label: Alias }
      - { name: Tenant.Region, label: Region, default: eu-west }
tag-sets:
  - name: Hosting
    tags: [Shared, Dedicated]
tenants:
  - name: Acme
    description: The first customer
    tags: [Hosting/Dedicated]
    projects:
      - project: Web
        environments: [Test, Production]
        variables:
          Tenant.Domain: acme.example.com
          Tenant.Db:
            Test: db-test.acme
            Production: db.acme
    common-variables:
      Customer Settings:
        Tenant.Alias: acme
  - name: Globex
    tags: [Hosting/Shared]
    projects:
      - project: Web
        environments: [Production]
        variables:
          Tenant.Db: db.globex
    common-variables:
      Customer Settings:
        Tenant.Alias: globex
`;

export const TENANT_PROCESS = `project: Web
variable-sets: [Customer Settings]
variable-templates:
  - { name: Tenant.Domain, label: Domain, default: example.com }
  - { name: Tenant.Db, label: Database server }
  - { name: Tenant.ApiKey, label: API key, control-type: Sensitive, default: none }
steps:
  - name: Hello
    type: script
    script: 'echo "#{Tenant.Alias} #{Tenant.Domain} #{Tenant.Db} #{Tenant.Region}"'
`;
