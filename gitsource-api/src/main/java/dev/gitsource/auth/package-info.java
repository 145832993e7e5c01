/** Credentials and the provider plugin interface. */
package dev.gitsource.auth;
