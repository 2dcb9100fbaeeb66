#ifndef CONCIERGE_CLIENTS_WEB_RULE_VIEW_H_
#define CONCIERGE_CLIENTS_WEB_RULE_VIEW_H_

// The hotel's rules as the manager's pages (rule_pages.cc) show and edit
// them: the rules with the words for their codes, a rule in words, and the
// rule's form both ways (a rule as the form's fields, the posted form as a
// rule).

#include <map>
#include <string>
#include <vector>

#include "clients/web/page.h"
#include "concierge/v1/housekeeping.pb.h"

namespace concierge::web {

// What the rules page needs: the rules, the vocabulary, who changed them
// and the departments, in one round of calls.
struct RuleWorld {
  std::vector<v1::Rule> rules;
  v1::Vocabulary vocabulary;
  std::map<std::string, std::string> observations;  // code -> label
  std::map<std::string, std::string> units;         // code -> unit
  std::map<std::string, std::string> actions;       // code -> title
  std::map<std::string, std::string> departments;   // code -> title
  std::map<std::string, std::string> staff;         // name -> person
};

grpc::Status LoadRuleWorld(Page& page, RuleWorld* out);

// The code's words, or the code in words when the site has none for it.
std::string RuleCodeText(const std::map<std::string, std::string>& titles,
                         const std::string& code);
// "Room · Curtains = gap".
std::string RulePreferenceText(const Page& page, const v1::PreferenceFact& p);
// A rule in words (templates/rule_words.mustache): when, if the guest,
// then, and this month's use.
Data RuleData(const Page& page, const RuleWorld& world, const v1::Rule& r);

// A rule as the form's fields, so that the form shown is filled the same
// way from the rule or from what was posted.
Form RuleToForm(const v1::Rule& r);
// The posted form as a rule; messages for the fields the page itself
// checks (a number that is not one) go to `errors`.
v1::Rule FormToRule(const Page& page, const Form& in,
                    std::map<std::string, std::string>* errors);
// The form's data (templates/rule_form.mustache): the values and the
// messages beside the fields.
Data RuleFormData(const Page& page, const RuleWorld& world, const Form& values,
                  const FormState& form);
// The server's field paths of a rule, most specific first, and the page's
// words for the names its messages use.
const std::vector<FieldMap>& RuleFields();

}  // namespace concierge::web

#endif  // CONCIERGE_CLIENTS_WEB_RULE_VIEW_H_
