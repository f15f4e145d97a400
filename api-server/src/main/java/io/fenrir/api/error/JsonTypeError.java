package io.fenrir.api.error;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * Says which field of a request had the wrong JSON type, in the request's own terms
 * ("field 'limits.cpuMs' must be a number") rather than Jackson's Java class names.
 */
public final class JsonTypeError {

    private JsonTypeError() {
    }

    public static String describe(MismatchedInputException e) {
        String field = path(e);
        String expected = expected(e.getTargetType());
        if (field.isEmpty()) {
            return "request body must be " + (expected == null ? "a JSON object" : expected);
        }
        return "field '" + field + "' " + (expected == null ? "has the wrong type" : "must be " + expected);
    }

    /** "files[0].name" from Jackson's reference chain. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return null;
    }
}
