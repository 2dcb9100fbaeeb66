#ifndef CONCIERGE_SERVER_STORE_SOCI_OPTIONAL_H_
#define CONCIERGE_SERVER_STORE_SOCI_OPTIONAL_H_

// Lets repositories bind and read NULLable columns as std::optional<T>
// (SOCI 4.0 only ships the boost::optional form).

#include <optional>

#include <soci/soci.h>

namespace soci {

template <typename T>
struct type_conversion<std::optional<T>> {
  using base_type = typename type_conversion<T>::base_type;

  static void from_base(const base_type& in, indicator ind,
                        std::optional<T>& out) {
    if (ind == i_null) {
      out.reset();
      return;
    }
    T value;
    type_conversion<T>::from_base(in, ind, value);
    out = std::move(value);
  }

  static void to_base(const std::optional<T>& in, base_type& out,
                      indicator& ind) {
    if (in.has_value()) {
      type_conversion<T>::to_base(*in, out, ind);
    } else {
      ind = i_null;
    }
  }
};

}  // namespace soci

#endif  // CONCIERGE_SERVER_STORE_SOCI_OPTIONAL_H_
