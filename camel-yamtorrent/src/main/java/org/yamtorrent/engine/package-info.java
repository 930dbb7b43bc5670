/**
 * The BitTorrent engine. Nothing here depends on Camel.
 */
package org.yamtorrent.engine;
