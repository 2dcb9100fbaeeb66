#ifndef CONCIERGE_TESTS_SUPPORT_REQUEST_FIXTURE_H_
#define CONCIERGE_TESTS_SUPPORT_REQUEST_FIXTURE_H_

// A residential site with its default catalogue adopted, the staff of every
// department and two residents, and helpers for booking and moving
// requests: the setting of the service-request integration tests.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "concierge/v1/catalog.grpc.pb.h"
#include "concierge/v1/requests.grpc.pb.h"
#include "tests/support/matchers.h"
#include "tests/support/server_fixture.h"

namespace concierge::testing {

class RequestFixture : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    catalog_ = v1::CatalogService::NewStub(channel());
    requests_ = v1::ServiceRequestService::NewStub(channel());
    site_ = CreateSite(v1::SITE_KIND_RESIDENTIAL, "Harmony").name();
    manager_ = CreateStaff(site_, v1::ROLE_MANAGER);
    AdoptDefaultCatalogue(site_, manager_.token);
    reception_ = CreateStaff(site_, v1::ROLE_RECEPTION, "RECEPTION");
    desk_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "RECEPTION");
    maint_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "MAINTENANCE");
    plumber_ = CreateStaff(site_, v1::ROLE_STAFF, "MAINTENANCE");
    clean_supervisor_ = CreateStaff(site_, v1::ROLE_SUPERVISOR, "CLEANING");
    cleaner_ = CreateStaff(site_, v1::ROLE_STAFF, "CLEANING");
    finance_ = CreateStaff(site_, v1::ROLE_FINANCE);
    liu_ = CreateResident(site_, "Liu");
    zhou_ = CreateResident(site_, "Zhou");
  }

  std::string Item(const std::string& code) {
    return ItemCoded(site_, manager_.token, code);
  }

  // A published FIXED maintenance item whose price is in force now.
  std::string FixedItem(int64_t minor) {
    return PublishFixedItem(site_, manager_.token, minor);
  }

  v1::ServiceRequest Book(const Actor& resident, const std::string& item,
                          grpc::Status* status = nullptr,
                          const std::string& request_id = "") {
    v1::CreateServiceRequestRequest request;
    request.set_parent(site_);
    request.set_request_id(request_id);
    request.mutable_request()->set_item(item);
    request.mutable_request()->set_content("The kitchen tap drips");
    request.mutable_request()->mutable_entry_permission()->set_granted(true);
    request.mutable_request()->mutable_entry_permission()->set_granted_by(
        "Liu");
    v1::ServiceRequest out;
    grpc::Status s = requests_->CreateServiceRequest(Ctx(resident.token).get(),
                                                     request, &out);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return out;
  }

  v1::ServiceRequest Assign(const Actor& who, const std::string& name,
                            const std::string& assignee,
                            grpc::Status* status = nullptr,
                            const std::string& etag = "") {
    v1::AssignServiceRequestRequest request;
    request.set_name(name);
    request.set_assignee(assignee);
    request.set_etag(etag);
    v1::ServiceRequest out;
    grpc::Status s =
        requests_->AssignServiceRequest(Ctx(who.token).get(), request, &out);
    if (status) {
      *status = s;
    } else {
      EXPECT_THAT(s, IsOk());
    }
    return out;
  }

  v1::ServiceRequest Start(const Actor& who, const std::string& name) {
    v1::StartServiceRequestRequest request;
    request.set_name(name);
    request.set_enters_home(true);
    v1::ServiceRequest out;
    EXPECT_THAT(
        requests_->StartServiceRequest(Ctx(who.token).get(), request, &out),
        IsOk());
    return out;
  }

  v1::ServiceRequest Complete(const Actor& who, const std::string& name) {
    v1::CompleteServiceRequestRequest request;
    request.set_name(name);
    request.set_notes("Replaced the washer");
    request.set_minutes_spent(40);
    auto* m = request.add_materials();
    m->mutable_description()->set_en("washer");
    m->mutable_cost()->set_minor_units(300);
    v1::ServiceRequest out;
    EXPECT_THAT(
        requests_->CompleteServiceRequest(Ctx(who.token).get(), request, &out),
        IsOk());
    return out;
  }

  grpc::Status SignOff(const Actor& who, const std::string& name,
                       const std::string& signature, v1::ServiceRequest* out) {
    v1::SignOffServiceRequestRequest request;
    request.set_name(name);
    request.set_signature_name(signature);
    return requests_->SignOffServiceRequest(Ctx(who.token).get(), request, out);
  }

  grpc::Status Settle(const std::string& name, int64_t minor,
                      v1::ServiceRequest* out) {
    v1::SettleServiceRequestRequest request;
    request.set_name(name);
    request.mutable_amount()->set_minor_units(minor);
    return requests_->SettleServiceRequest(Ctx(finance_.token).get(), request,
                                           out);
  }

  std::vector<std::string> Actions(const std::string& name) {
    v1::ListRequestEventsRequest request;
    request.set_parent(name);
    v1::ListRequestEventsResponse response;
    EXPECT_THAT(requests_->ListRequestEvents(Ctx(manager_.token).get(), request,
                                             &response),
                IsOk());
    std::vector<std::string> actions;
    for (const auto& e : response.events()) actions.push_back(e.action());
    return actions;
  }

  std::unique_ptr<v1::CatalogService::Stub> catalog_;
  std::unique_ptr<v1::ServiceRequestService::Stub> requests_;
  std::string site_;
  Actor manager_, reception_, desk_supervisor_, maint_supervisor_, plumber_,
      clean_supervisor_, cleaner_, finance_, liu_, zhou_;
};

}  // namespace concierge::testing

#endif  // CONCIERGE_TESTS_SUPPORT_REQUEST_FIXTURE_H_
