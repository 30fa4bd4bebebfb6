/**
 * The turso engine over JNI: the native library and its loader. Only the exception for a library
 * that cannot be loaded is public API; the bridge is for the JDBC driver alone.
 */
module dev.turso4j.nativelib {
    exports dev.turso4j.nativelib;
    exports dev.turso4j.bridge to dev.turso4j.jdbc;
}
