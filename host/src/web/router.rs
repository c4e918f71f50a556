//! Every route of the host, grouped by audience, and the layers around them.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use super::AppState;
use super::error::render_error_pages;
use super::guard::guard;
use super::observe::observe;
use super::pages::{
    account, admin, admin_mail, auth, community, delivery, home, member_blocks, members,
    moderation, moderation_settings, modules, notifications, settings, system,
};

pub fn build(state: AppState) -> Router {
    let everyone = Router::new()
        .route("/", get(home::show))
        .route("/language", post(home::choose_language))
        .route("/healthz", get(system::healthz))
        .route("/metrics", get(system::metrics))
        .route("/static/{*path}", get(system::static_file));

    let accounts = Router::new()
        .route("/register", get(auth::register_form).post(auth::register))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route(
            "/password/forgot",
            get(auth::forgot_form).post(auth::forgot),
        )
        .route("/password/reset", get(auth::reset_form).post(auth::reset))
        .route("/account", get(account::show))
        .route("/account/profile", post(account::update_profile))
        .route("/account/password", post(account::change_password))
        .route(
            "/account/blocks/{account_id}/remove",
            post(member_blocks::remove),
        )
        .route("/notifications", get(notifications::show))
        .route("/notifications/read-all", post(notifications::read_all))
        .route(
            "/notifications/settings",
            get(delivery::show).post(delivery::update),
        )
        .route(
            "/unsubscribe/{token}",
            get(delivery::confirm).post(delivery::apply),
        )
        .route("/notifications/{id}", get(notifications::open));

    let communities = Router::new()
        .route("/c/{slug}", get(community::show))
        .route(
            "/c/{slug}/join",
            get(community::join_form).post(community::join),
        )
        .route(
            "/c/{slug}/invite/{token}",
            get(community::invitation).post(community::accept_invitation),
        )
        .route("/c/{slug}/leave", post(community::leave))
        .route("/c/{slug}/members", get(members::list))
        .route(
            "/c/{slug}/members/{account_id}/role",
            post(members::change_role),
        )
        .route(
            "/c/{slug}/members/{account_id}/remove",
            post(members::remove),
        )
        .route(
            "/c/{slug}/members/{account_id}/block",
            post(member_blocks::block),
        )
        .route(
            "/c/{slug}/members/{account_id}/unblock",
            post(member_blocks::unblock),
        )
        .route(
            "/c/{slug}/requests/{request_id}/accept",
            post(members::accept_request),
        )
        .route(
            "/c/{slug}/requests/{request_id}/decline",
            post(members::decline_request),
        )
        .route(
            "/c/{slug}/settings",
            get(settings::show).post(settings::update),
        )
        .route(
            "/c/{slug}/settings/moderation",
            post(moderation_settings::update),
        )
        .route(
            "/c/{slug}/settings/invitations",
            post(settings::create_invitation),
        )
        .route(
            "/c/{slug}/settings/invitations/{id}/revoke",
            post(settings::revoke_invitation),
        )
        .route(
            "/c/{slug}/settings/modules/{plugin_id}/enable",
            post(settings::enable_module),
        )
        .route(
            "/c/{slug}/settings/modules/{plugin_id}/disable",
            post(settings::disable_module),
        )
        .route(
            "/c/{slug}/settings/modules/{plugin_id}/settings",
            post(settings::module_settings),
        )
        .route("/c/{slug}/moderation", get(moderation::queue))
        .route(
            "/c/{slug}/moderation/report/{plugin_id}/{collection}/{record_id}",
            get(moderation::report_form).post(moderation::report),
        )
        .route(
            "/c/{slug}/moderation/cases/{case_id}",
            post(moderation::decide),
        )
        .route(
            "/c/{slug}/moderation/cases/{case_id}/restore",
            post(moderation::restore),
        )
        .route(
            "/c/{slug}/moderation/cases/{case_id}/escalate",
            post(moderation::escalate),
        )
        .route(
            "/c/{slug}/moderation/report-person/{account_id}",
            get(moderation::report_person_form).post(moderation::report_person),
        )
        .route(
            "/c/{slug}/moderation/blocks/{account_id}/lift",
            post(moderation::lift_block),
        )
        .route("/c/{slug}/moderation/log", get(moderation::log))
        .route("/c/{slug}/moderation/log.csv", get(moderation::log_csv))
        // Everything else below a community belongs to the module mounted there.
        .route(
            "/c/{slug}/{mount}",
            get(modules::serve_root).post(modules::serve_root),
        )
        .route(
            "/c/{slug}/{mount}/{*rest}",
            get(modules::serve).post(modules::serve),
        );

    let operators = Router::new()
        .route("/admin", get(admin::dashboard))
        .route("/admin/settings", post(admin::update_settings))
        .route("/admin/mail", get(admin_mail::show))
        .route("/admin/mail/test", post(admin_mail::send_test))
        .route("/admin/mail/{id}/retry", post(admin_mail::retry))
        .route("/admin/plugins", post(admin::upload_plugin))
        .route(
            "/admin/plugins/{plugin_id}/remove",
            post(admin::remove_plugin),
        )
        .route(
            "/admin/communities/new",
            get(admin::new_community_form).post(admin::create_community),
        )
        .route(
            "/admin/communities/{slug}",
            get(admin::edit_community_form).post(admin::update_community),
        )
        .route(
            "/admin/communities/{slug}/archive",
            post(admin::archive_community),
        )
        .route(
            "/admin/communities/{slug}/restore",
            post(admin::restore_community),
        )
        .route(
            "/admin/communities/{slug}/managers",
            post(admin::assign_manager),
        );

    // The guard enforces each route's limit (plugin uploads are larger); this is the ceiling.
    let max_body = state
        .settings
        .max_body_bytes
        .max(state.settings.max_plugin_bytes);
    everyone
        .merge(accounts)
        .merge(communities)
        .merge(operators)
        .fallback(system::not_found)
        // Layers run outside-in from the last one added: observe, error pages, guard.
        .layer(from_fn_with_state(state.clone(), guard))
        .layer(from_fn_with_state(state.clone(), render_error_pages))
        .layer(from_fn_with_state(state.clone(), observe))
        .layer(DefaultBodyLimit::max(max_body))
        .with_state(state)
}
