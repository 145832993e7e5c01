/** Azure DevOps Entra ID bearer tokens from azure-identity: the {@code azure} provider plugin. */
package dev.gitsource.auth.azure;
