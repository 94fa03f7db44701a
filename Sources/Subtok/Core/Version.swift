import CSubtokShim

/// The library version, `SUBTOK_VERSION` of `include/subtok.h` (the one place it is written).
public let subtokVersion = String(cString: stshim_version())
