package io.eventlens.core.promotion;

/** What a promoted property's column holds, and so which reads it serves. */
public enum PropertyType {
    /** The property's text value (as {@code properties.<key>} groups and compares): dimensions and text filters. */
    STRING,
    /** The property's JSON numbers (other values are null): {@code GT}, {@code GTE}, {@code LT}, {@code LTE}. */
    NUMBER
}
