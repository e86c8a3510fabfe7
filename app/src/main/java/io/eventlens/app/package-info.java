/** The runnable EventLens: assembles the modules, starts the web server or a command such as {@code seed}. */
@NullMarked
package io.eventlens.app;

import org.jspecify.annotations.NullMarked;
