// HousekeepingService, part one: rooms and the attendant's day, the
// vocabulary, the minibar and handover notes (housekeeping_actions_service.cc
// has visits, actions, approvals and rules).

#include "server/api/housekeeping_service.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/convert.h"
#include "server/api/guest_convert.h"
#include "server/api/housekeeping_convert.h"
#include "server/common/resource_names.h"
#include "server/common/status_macros.h"
#include "server/domain/housekeeping.h"
#include "server/domain/housekeeping_rules.h"
#include "server/domain/minibar.h"
#include "server/domain/text.h"
#include "server/usecase/hotel.h"
#include "server/usecase/loaders.h"
#include "server/usecase/minibar.h"
#include "server/usecase/room_day.h"
#include "server/usecase/rooms.h"
#include "server/usecase/rules.h"

namespace concierge::api {
namespace {

#define HK_RPC(name) "/concierge.v1.HousekeepingService/" name

constexpr char kCreateRoom[] = HK_RPC("CreateRoom");
constexpr char kListRooms[] = HK_RPC("ListRooms");
constexpr char kAssignRooms[] = HK_RPC("AssignRooms");
constexpr char kListMyRooms[] = HK_RPC("ListMyRooms");
constexpr char kGetRoomDay[] = HK_RPC("GetRoomDay");
constexpr char kGetVocabulary[] = HK_RPC("GetVocabulary");
constexpr char kCountMinibar[] = HK_RPC("CountMinibar");
constexpr char kCreateHandoverNote[] = HK_RPC("CreateHandoverNote");
constexpr char kListHandoverNotes[] = HK_RPC("ListHandoverNotes");

#undef HK_RPC

using usecase::IsManagement;

}  // namespace

absl::Status HousekeepingServiceImpl::CheckHotelCaller(const Call& call,
                                                       int64_t site_id) {
  CONCIERGE_RETURN_IF_ERROR(RequireSite(call, site_id));
  return RequireSiteKind(call, "HOTEL");
}

// --- rooms ------------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::CreateRoom(
    grpc::ServerContext* context, const v1::CreateRoomRequest* request,
    v1::Room* response) {
  return Serve(
      env_, context, kCreateRoom, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::Room room;
        room.site_id = site_id;
        room.number = request->room().number();
        room.floor = request->room().floor();
        room.room_type = request->room().room_type();
        room.accessible = request->room().accessible();
        room.create_time = call.now;
        room.created_by = domain::ActorKey(call.principal);
        CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoom(room));
        CONCIERGE_ASSIGN_OR_RETURN(
            room, usecase::CreateRoom(
                      *env_.db, ActorOf(call), std::move(room),
                      CreateKeyFor(call, *request, request->request_id())));
        ToProto(room, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::ListRooms(
    grpc::ServerContext* context, const v1::ListRoomsRequest* request,
    v1::ListRoomsResponse* response) {
  return Serve(
      env_, context, kListRooms, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        store::RoomFilter filter;
        if (request->has_floor()) filter.floor = request->floor();
        filter.accessible_only = request->accessible_only();
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListRooms(*env_.db, ActorOf(call), site_id, filter,
                               {cursor.after_id, cursor.limit}),
            ToRoom, response->mutable_rooms(),
            response->mutable_next_page_token());
      });
}

grpc::Status HousekeepingServiceImpl::AssignRooms(
    grpc::ServerContext* context, const v1::AssignRoomsRequest* request,
    v1::AssignRoomsResponse* response) {
  return ServeWrite(
      env_, context, kAssignRooms, *request, response,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_ASSIGN_OR_RETURN(
            auto staff_ids,
            ParseSiteChild("attendant", request->attendant(), "staff"));
        if (staff_ids[0] != site_id) {
          return absl::InvalidArgumentError(
              "attendant: must be staff of the parent site");
        }
        const int count = request->room_numbers_size();
        if (count == 0 || count > domain::kMaxRoomsPerAttendantDay) {
          return absl::InvalidArgumentError(
              absl::StrCat("room_numbers: give 1 to ",
                           domain::kMaxRoomsPerAttendantDay, " rooms"));
        }
        std::set<std::string> seen;
        for (int i = 0; i < count; ++i) {
          const std::string field = absl::StrCat("room_numbers[", i, "]");
          CONCIERGE_RETURN_IF_ERROR(
              domain::ValidateRoomNumber(field, request->room_numbers(i)));
          if (!seen.insert(request->room_numbers(i)).second) {
            return absl::InvalidArgumentError(absl::StrCat(
                field, ": room ", request->room_numbers(i), " is given twice"));
          }
        }
        const std::vector<std::string> numbers(request->room_numbers().begin(),
                                               request->room_numbers().end());
        return usecase::AssignRooms(*env_.db, ActorOf(call), site_id,
                                    staff_ids[1], request->business_date(),
                                    numbers, request->replace(),
                                    AssignmentReplyInto(site_id, response))
            .status();
      });
}

grpc::Status HousekeepingServiceImpl::ListMyRooms(
    grpc::ServerContext* context, const v1::ListMyRoomsRequest* request,
    v1::ListMyRoomsResponse* response) {
  return Serve(
      env_, context, kListMyRooms, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        const domain::Principal& p = call.principal;
        int64_t attendant_id = 0;
        if (request->attendant().empty()) {
          if (p.kind != domain::PrincipalKind::kStaff) {
            return absl::InvalidArgumentError(
                "attendant: give the attendant whose day to list");
          }
          attendant_id = p.id;
        } else {
          CONCIERGE_ASSIGN_OR_RETURN(
              auto ids,
              ParseSiteChild("attendant", request->attendant(), "staff"));
          if (ids[0] != site_id) {
            return absl::InvalidArgumentError(
                "attendant: must be staff of the parent site");
          }
          attendant_id = ids[1];
          const bool self =
              p.kind == domain::PrincipalKind::kStaff && p.id == ids[1];
          if (!self && !IsManagement(p) &&
              p.role != domain::Role::kSupervisor) {
            return absl::PermissionDeniedError(
                "attendant: another attendant's day is for supervisors and "
                "managers");
          }
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::AttendantDay day,
            usecase::GetAttendantDay(*env_.db, ActorOf(call), site_id,
                                     attendant_id, request->business_date(),
                                     ReaderOf(call)));
        response->set_business_date(domain::FormatBusinessDate(day.date));
        response->set_attendant(StaffName(site_id, attendant_id));
        for (const usecase::RoomDay& room : day.rooms) {
          ToProto(site_id, call.now, room, response->add_rooms());
        }
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::GetRoomDay(
    grpc::ServerContext* context, const v1::GetRoomDayRequest* request,
    v1::RoomDay* response) {
  return Serve(
      env_, context, kGetRoomDay, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("room_number", request->room_number()));
        CONCIERGE_ASSIGN_OR_RETURN(
            usecase::RoomDay day,
            usecase::GetRoomDay(*env_.db, ActorOf(call), site_id,
                                request->room_number(), ReaderOf(call)));
        ToProto(site_id, call.now, day, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::GetVocabulary(
    grpc::ServerContext* context, const v1::GetVocabularyRequest* request,
    v1::Vocabulary* response) {
  return Serve(env_, context, kGetVocabulary,
               [&](const Call& call) -> absl::Status {
                 CONCIERGE_ASSIGN_OR_RETURN(
                     int64_t site_id, ParseSiteName("site", request->site()));
                 CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
                 CONCIERGE_ASSIGN_OR_RETURN(
                     usecase::SiteVocabulary vocabulary,
                     usecase::GetVocabulary(*env_.db, ActorOf(call), site_id));
                 ToProto(vocabulary, response);
                 return absl::OkStatus();
               });
}

// --- the minibar ------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::CountMinibar(
    grpc::ServerContext* context, const v1::CountMinibarRequest* request,
    v1::MinibarCount* response) {
  return Serve(
      env_, context, kCountMinibar, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("site", request->site()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("room_number", request->room_number()));
        std::vector<domain::MinibarQuantity> counts;
        for (const v1::MinibarQuantity& c : request->counts()) {
          counts.push_back({c.item_code(), c.count()});
        }
        domain::MinibarCount count;
        count.site_id = site_id;
        count.room_number = request->room_number();
        count.counted_by = domain::ActorKey(call.principal);
        count.create_time = call.now;
        CONCIERGE_ASSIGN_OR_RETURN(
            count, usecase::CountMinibar(
                       *env_.db, ActorOf(call), count, counts,
                       CreateKeyFor(call, *request, request->request_id())));
        ToProto(count, response);
        return absl::OkStatus();
      });
}

// --- handover ---------------------------------------------------------------

grpc::Status HousekeepingServiceImpl::CreateHandoverNote(
    grpc::ServerContext* context, const v1::CreateHandoverNoteRequest* request,
    v1::HandoverNote* response) {
  return Serve(
      env_, context, kCreateHandoverNote,
      [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRequestId(request->request_id()));
        domain::HandoverNote note;
        note.site_id = site_id;
        note.room_number = request->note().room_number();
        note.text = request->note().text();
        note.author = domain::ActorKey(call.principal);
        note.create_time = call.now;
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateRoomNumber("note.room_number", note.room_number));
        CONCIERGE_RETURN_IF_ERROR(
            domain::ValidateHandoverText("note.text", note.text));
        CONCIERGE_ASSIGN_OR_RETURN(
            note, usecase::CreateHandoverNote(
                      *env_.db, ActorOf(call), note,
                      CreateKeyFor(call, *request, request->request_id())));
        ToProto(note, response);
        return absl::OkStatus();
      });
}

grpc::Status HousekeepingServiceImpl::ListHandoverNotes(
    grpc::ServerContext* context, const v1::ListHandoverNotesRequest* request,
    v1::ListHandoverNotesResponse* response) {
  return Serve(
      env_, context, kListHandoverNotes, [&](const Call& call) -> absl::Status {
        CONCIERGE_ASSIGN_OR_RETURN(int64_t site_id,
                                   ParseSiteName("parent", request->parent()));
        CONCIERGE_RETURN_IF_ERROR(CheckHotelCaller(call, site_id));
        if (!request->room_number().empty()) {
          CONCIERGE_RETURN_IF_ERROR(domain::ValidateRoomNumber(
              "room_number", request->room_number()));
        }
        absl::Time since = call.now - domain::kHandoverWindow;
        if (request->has_since()) {
          CONCIERGE_ASSIGN_OR_RETURN(since,
                                     FromProto("since", request->since()));
        }
        CONCIERGE_ASSIGN_OR_RETURN(
            ListCursor cursor,
            StartList(env_, call, *request, request->page_size(),
                      request->page_token()));
        return PageInto(
            env_, call, cursor,
            usecase::ListHandoverNotes(*env_.db, ActorOf(call), site_id,
                                       request->room_number(), since,
                                       {cursor.after_id, cursor.limit}),
            ToHandoverNote, response->mutable_notes(),
            response->mutable_next_page_token());
      });
}

}  // namespace concierge::api
