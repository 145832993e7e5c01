/** The service interface an implementation of gitsource provides. */
package dev.gitsource.spi;
