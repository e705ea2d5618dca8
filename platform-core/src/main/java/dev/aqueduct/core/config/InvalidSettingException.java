package dev.aqueduct.core.config;

/** A setting whose value cannot be used; the message names the key, the value and why. */
public class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String key, String value, String why) {
        super(key + ": cannot use '" + value + "' (" + why + ")");
    }
}
