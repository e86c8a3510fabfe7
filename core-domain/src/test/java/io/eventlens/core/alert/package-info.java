/** Tests of alert rules: their validation and the series state machine. */
@NullMarked
package io.eventlens.core.alert;

import org.jspecify.annotations.NullMarked;
