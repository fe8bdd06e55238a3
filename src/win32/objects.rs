//! Handles and the non-section objects that share the namespace: CloseHandle, DuplicateHandle,
//! Get/SetHandleInformation, CompareObjectHandles, events, mutexes, semaphores, waitable
//! timers, job objects, waits, OpenProcess, GetSystemInfo.

#![allow(non_snake_case)]

use super::*;
use crate::ob::api::NewObject;
use crate::ob::object_type::ObjectType;
use crate::ob::sync::WaitOutcome;
use crate::ob::win32_name::Win32Name;
use std::borrow::Cow;

impl Win32<'_> {
    /// `CloseHandle` (catalog G7, I3, I12).
    pub fn CloseHandle(&mut self, hObject: HANDLE) -> BOOL {
        self.call("CloseHandle", format_args!("{hObject:#x}"), 0, |s, p| {
            s.close_handle(p, from_handle(hObject)).map(|()| 1)
        })
    }

    /// `DuplicateHandle` (catalog I7-I11). Process handles come from this process's table
    /// (`GetCurrentProcess()` or `OpenProcess`).
    #[allow(clippy::too_many_arguments)]
    pub fn DuplicateHandle(
        &mut self,
        hSourceProcessHandle: HANDLE,
        hSourceHandle: HANDLE,
        hTargetProcessHandle: HANDLE,
        lpTargetHandle: Option<&mut HANDLE>,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        dwOptions: u32,
    ) -> BOOL {
        let args = format_args!(
            "{hSourceProcessHandle:#x}, {hSourceHandle:#x}, {hTargetProcessHandle:#x}, {dwDesiredAccess:#x}, {bInheritHandle}, {dwOptions:#x}"
        );
        let mut out = 0;
        let r = self.call("DuplicateHandle", args, 0, |s, p| {
            let h = s.duplicate_handle(
                p,
                from_handle(hSourceProcessHandle),
                from_handle(hSourceHandle),
                from_handle(hTargetProcessHandle),
                dwDesiredAccess,
                bInheritHandle != 0,
                dwOptions,
            )?;
            out = to_handle(h);
            Ok(1)
        });
        if let Some(t) = lpTargetHandle {
            if r != 0 {
                *t = out;
            }
        }
        r
    }

    /// `GetHandleInformation`; a NULL out pointer is ERROR_NOACCESS.
    pub fn GetHandleInformation(&mut self, hObject: HANDLE, lpdwFlags: Option<&mut u32>) -> BOOL {
        let Some(flags) = lpdwFlags else {
            return self.fail_now("GetHandleInformation", Win32Error::NOACCESS);
        };
        let mut out = 0;
        let r = self.call(
            "GetHandleInformation",
            format_args!("{hObject:#x}"),
            0,
            |s, p| {
                out = s.handle_information(p, from_handle(hObject))?;
                Ok(1)
            },
        );
        if r != 0 {
            *flags = out;
        }
        r
    }

    /// `SetHandleInformation` (catalog I12, I14).
    pub fn SetHandleInformation(&mut self, hObject: HANDLE, dwMask: u32, dwFlags: u32) -> BOOL {
        let args = format_args!("{hObject:#x}, {dwMask:#x}, {dwFlags:#x}");
        self.call("SetHandleInformation", args, 0, |s, p| {
            s.set_handle_information(p, from_handle(hObject), dwMask, dwFlags)
                .map(|()| 1)
        })
    }

    /// `CompareObjectHandles` (catalog I15).
    pub fn CompareObjectHandles(&mut self, hFirst: HANDLE, hSecond: HANDLE) -> BOOL {
        let args = format_args!("{hFirst:#x}, {hSecond:#x}");
        self.call("CompareObjectHandles", args, 0, |s, p| {
            s.compare_object_handles(p, from_handle(hFirst), from_handle(hSecond))
                .map(|()| 1)
        })
    }

    /// `OpenProcess` for a process on the same host.
    pub fn OpenProcess(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        dwProcessId: u32,
    ) -> HANDLE {
        let args = format_args!("{dwDesiredAccess:#x}, {bInheritHandle}, {dwProcessId}");
        self.call("OpenProcess", args, 0, |s, p| {
            s.open_process(p, dwDesiredAccess, bInheritHandle != 0, Pid(dwProcessId))
                .map(to_handle)
        })
    }

    /// `WaitForSingleObject` that never blocks: WAIT_OBJECT_0, WAIT_ABANDONED or WAIT_TIMEOUT
    /// (also for INFINITE: there is no other thread to signal anything); WAIT_FAILED with
    /// ERROR_ACCESS_DENIED for a section handle (no SYNCHRONIZE right; catalog B15).
    pub fn WaitForSingleObject(&mut self, hHandle: HANDLE, dwMilliseconds: u32) -> u32 {
        let args = format_args!("{hHandle:#x}, {dwMilliseconds}");
        self.call("WaitForSingleObject", args, WAIT_FAILED, |s, p| {
            Ok(match s.wait_for_single_object(p, from_handle(hHandle))? {
                WaitOutcome::Signaled => WAIT_OBJECT_0,
                WaitOutcome::Abandoned => WAIT_ABANDONED,
                WaitOutcome::Timeout => WAIT_TIMEOUT,
            })
        })
    }

    /// `SetEvent`.
    pub fn SetEvent(&mut self, hEvent: HANDLE) -> BOOL {
        self.call("SetEvent", format_args!("{hEvent:#x}"), 0, |s, p| {
            s.set_event(p, from_handle(hEvent), true).map(|()| 1)
        })
    }

    /// `ResetEvent`.
    pub fn ResetEvent(&mut self, hEvent: HANDLE) -> BOOL {
        self.call("ResetEvent", format_args!("{hEvent:#x}"), 0, |s, p| {
            s.set_event(p, from_handle(hEvent), false).map(|()| 1)
        })
    }

    /// `ReleaseMutex`.
    pub fn ReleaseMutex(&mut self, hMutex: HANDLE) -> BOOL {
        self.call("ReleaseMutex", format_args!("{hMutex:#x}"), 0, |s, p| {
            s.release_mutex(p, from_handle(hMutex)).map(|()| 1)
        })
    }

    /// `ReleaseSemaphore`.
    pub fn ReleaseSemaphore(
        &mut self,
        hSemaphore: HANDLE,
        lReleaseCount: i32,
        lpPreviousCount: Option<&mut i32>,
    ) -> BOOL {
        let mut previous = 0;
        let args = format_args!("{hSemaphore:#x}, {lReleaseCount}");
        let r = self.call("ReleaseSemaphore", args, 0, |s, p| {
            previous = s.release_semaphore(p, from_handle(hSemaphore), lReleaseCount)?;
            Ok(1)
        });
        if let (Some(out), 1) = (lpPreviousCount, r) {
            *out = i32::try_from(previous).unwrap_or(i32::MAX);
        }
        r
    }

    /// `GetSystemInfo`: page size 4 KiB, allocation granularity 64 KiB (catalog F1), an x64
    /// machine with two processors.
    pub fn GetSystemInfo(&mut self, lpSystemInfo: &mut SYSTEM_INFO) {
        *lpSystemInfo = SYSTEM_INFO {
            wProcessorArchitecture: PROCESSOR_ARCHITECTURE_AMD64,
            dwPageSize: PAGE_SIZE as u32,
            lpMinimumApplicationAddress: MIN_APPLICATION_ADDRESS,
            lpMaximumApplicationAddress: MAX_APPLICATION_ADDRESS,
            dwActiveProcessorMask: 0b11,
            dwNumberOfProcessors: 2,
            dwProcessorType: 8664,
            dwAllocationGranularity: ALLOCATION_GRANULARITY as u32,
            wProcessorLevel: 6,
            wProcessorRevision: 0,
        };
    }

    /// `GetLargePageMinimum()`: 2 MiB on x64.
    pub fn GetLargePageMinimum(&self) -> u64 {
        LARGE_PAGE_MINIMUM
    }

    /// Fails a call before it reaches the engine (an argument kernel32 itself rejects).
    pub(crate) fn fail_now(&mut self, name: &'static str, e: Win32Error) -> BOOL {
        self.call(name, format_args!("(rejected)"), 0, |_, _| {
            Err::<BOOL, _>(e)
        })
    }

    fn create_object(
        &mut self,
        name: &'static str,
        new: NewObject,
        access: u32,
        sa: Option<&SECURITY_ATTRIBUTES>,
        lpName: NameArg<'_>,
    ) -> HANDLE {
        let inherit = inherit_of(sa);
        let security = sa.and_then(|sa| sa.lpSecurityDescriptor.as_deref());
        let shown = super::shown::Name(&lpName, "(name too long)");
        self.call_create(name, format_args!("{new:?}, {shown}"), |s, p| {
            let n = lpName.as_ref().map_err(|e| *e)?;
            s.create_object(p, new, n.as_deref().map(c_str), access, inherit, security)
        })
    }

    fn open_object(
        &mut self,
        name: &'static str,
        ty: ObjectType,
        access: u32,
        inherit: BOOL,
        lpName: NameArg<'_>,
    ) -> HANDLE {
        let shown = super::shown::Name(&lpName, "(name too long)");
        self.call(
            name,
            format_args!("{access:#x}, {inherit}, {shown}"),
            0,
            |s, p| {
                let n = lpName.as_ref().map_err(|e| *e)?;
                let n = n.as_deref().map(Win32Name::scan_c);
                s.open_named(p, ty, n, access, inherit != 0).map(to_handle)
            },
        )
    }

    /// `CreateEventW` (requests EVENT_ALL_ACCESS).
    pub fn CreateEventW(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        bManualReset: BOOL,
        bInitialState: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        let new = NewObject::Event {
            manual_reset: bManualReset != 0,
            initial_state: bInitialState != 0,
        };
        self.create_object(
            "CreateEventW",
            new,
            EVENT_ALL_ACCESS,
            sa,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `CreateEventA`.
    pub fn CreateEventA(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        bManualReset: BOOL,
        bInitialState: BOOL,
        lpName: Option<&[u8]>,
    ) -> HANDLE {
        let new = NewObject::Event {
            manual_reset: bManualReset != 0,
            initial_state: bInitialState != 0,
        };
        self.create_object(
            "CreateEventA",
            new,
            EVENT_ALL_ACCESS,
            sa,
            ansi_name(lpName).map(|n| n.map(Cow::Owned)),
        )
    }

    /// `CreateMutexW` (requests MUTEX_ALL_ACCESS; ownership only when the mutex is new).
    pub fn CreateMutexW(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        bInitialOwner: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        let new = NewObject::Mutex {
            initial_owner: bInitialOwner != 0,
        };
        self.create_object(
            "CreateMutexW",
            new,
            MUTEX_ALL_ACCESS,
            sa,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `CreateMutexA`.
    pub fn CreateMutexA(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        bInitialOwner: BOOL,
        lpName: Option<&[u8]>,
    ) -> HANDLE {
        let new = NewObject::Mutex {
            initial_owner: bInitialOwner != 0,
        };
        self.create_object(
            "CreateMutexA",
            new,
            MUTEX_ALL_ACCESS,
            sa,
            ansi_name(lpName).map(|n| n.map(Cow::Owned)),
        )
    }

    /// `CreateSemaphoreW` (requests SEMAPHORE_ALL_ACCESS).
    pub fn CreateSemaphoreW(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        lInitialCount: i32,
        lMaximumCount: i32,
        lpName: Option<&str>,
    ) -> HANDLE {
        let new = NewObject::Semaphore {
            initial: lInitialCount,
            maximum: lMaximumCount,
        };
        self.create_object(
            "CreateSemaphoreW",
            new,
            SEMAPHORE_ALL_ACCESS,
            sa,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `CreateSemaphoreA`.
    pub fn CreateSemaphoreA(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        lInitialCount: i32,
        lMaximumCount: i32,
        lpName: Option<&[u8]>,
    ) -> HANDLE {
        let new = NewObject::Semaphore {
            initial: lInitialCount,
            maximum: lMaximumCount,
        };
        self.create_object(
            "CreateSemaphoreA",
            new,
            SEMAPHORE_ALL_ACCESS,
            sa,
            ansi_name(lpName).map(|n| n.map(Cow::Owned)),
        )
    }

    /// `CreateWaitableTimerW` (requests TIMER_ALL_ACCESS).
    pub fn CreateWaitableTimerW(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        bManualReset: BOOL,
        lpTimerName: Option<&str>,
    ) -> HANDLE {
        let new = NewObject::WaitableTimer {
            manual_reset: bManualReset != 0,
        };
        self.create_object(
            "CreateWaitableTimerW",
            new,
            TIMER_ALL_ACCESS,
            sa,
            Ok(lpTimerName.map(Cow::Borrowed)),
        )
    }

    /// `CreateJobObjectW` (requests JOB_OBJECT_ALL_ACCESS).
    pub fn CreateJobObjectW(
        &mut self,
        sa: Option<&SECURITY_ATTRIBUTES>,
        lpName: Option<&str>,
    ) -> HANDLE {
        self.create_object(
            "CreateJobObjectW",
            NewObject::Job,
            JOB_OBJECT_ALL_ACCESS,
            sa,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `OpenEventW`.
    pub fn OpenEventW(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        self.open_object(
            "OpenEventW",
            ObjectType::Event,
            dwDesiredAccess,
            bInheritHandle,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `OpenEventA`.
    pub fn OpenEventA(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&[u8]>,
    ) -> HANDLE {
        self.open_object(
            "OpenEventA",
            ObjectType::Event,
            dwDesiredAccess,
            bInheritHandle,
            ansi_name(lpName).map(|n| n.map(Cow::Owned)),
        )
    }

    /// `OpenMutexW`.
    pub fn OpenMutexW(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        self.open_object(
            "OpenMutexW",
            ObjectType::Mutant,
            dwDesiredAccess,
            bInheritHandle,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `OpenSemaphoreW`.
    pub fn OpenSemaphoreW(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        self.open_object(
            "OpenSemaphoreW",
            ObjectType::Semaphore,
            dwDesiredAccess,
            bInheritHandle,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }

    /// `OpenWaitableTimerW`.
    pub fn OpenWaitableTimerW(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpTimerName: Option<&str>,
    ) -> HANDLE {
        self.open_object(
            "OpenWaitableTimerW",
            ObjectType::WaitableTimer,
            dwDesiredAccess,
            bInheritHandle,
            Ok(lpTimerName.map(Cow::Borrowed)),
        )
    }

    /// `OpenJobObjectW`.
    pub fn OpenJobObjectW(
        &mut self,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        lpName: Option<&str>,
    ) -> HANDLE {
        self.open_object(
            "OpenJobObjectW",
            ObjectType::Job,
            dwDesiredAccess,
            bInheritHandle,
            Ok(lpName.map(Cow::Borrowed)),
        )
    }
}

/// A process as the scenario language names one, for [`Win32::DuplicateHandleBetween`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessRef {
    /// NULL: no process (a failing target, catalog I9).
    Null,
    /// The calling process (`GetCurrentProcess()`).
    Current,
    /// Another process, by id.
    Pid(Pid),
    /// A process handle of the caller's table (needs PROCESS_DUP_HANDLE, as in C).
    Handle(HANDLE),
}

impl Win32<'_> {
    /// winsection extension: `DuplicateHandle` with processes named by id instead of process
    /// handles, as the scenario language writes it (`DuplicateHandle(A, h, B, &out, ...)`).
    /// Same rules as [`Win32::DuplicateHandle`]: a NULL target fails with ERROR_INVALID_HANDLE
    /// and DUPLICATE_CLOSE_SOURCE still closes the source (catalog I9).
    #[allow(clippy::too_many_arguments)]
    pub fn DuplicateHandleBetween(
        &mut self,
        source_process: ProcessRef,
        hSourceHandle: HANDLE,
        target_process: ProcessRef,
        lpTargetHandle: Option<&mut HANDLE>,
        dwDesiredAccess: u32,
        bInheritHandle: BOOL,
        dwOptions: u32,
    ) -> BOOL {
        let args = format_args!(
            "{source_process:?}, {hSourceHandle:#x}, {target_process:?}, {dwDesiredAccess:#x}, {bInheritHandle}, {dwOptions:#x}"
        );
        let mut out = 0;
        let r = self.call("DuplicateHandle", args, 0, |s, p| {
            let resolve = |s: &System, r: ProcessRef| match r {
                ProcessRef::Null | ProcessRef::Handle(0) => Err(Win32Error::INVALID_HANDLE),
                ProcessRef::Current => Ok(p),
                ProcessRef::Pid(pid) => s
                    .is_running(pid)
                    .then_some(pid)
                    .ok_or(Win32Error::INVALID_HANDLE),
                // "The handle must have the PROCESS_DUP_HANDLE access right" (DuplicateHandle
                // doc, hSourceProcessHandle and hTargetProcessHandle).
                ProcessRef::Handle(h) => {
                    let (pid, access) = s.process_handle(p, from_handle(h))?;
                    if access & PROCESS_DUP_HANDLE == 0 {
                        return Err(Win32Error::ACCESS_DENIED);
                    }
                    Ok(pid)
                }
            };
            let source = resolve(s, source_process)?;
            let target = match resolve(s, target_process) {
                Ok(t) => t,
                Err(e) => {
                    if dwOptions & DUPLICATE_CLOSE_SOURCE != 0 {
                        let _ = s.close_handle(source, from_handle(hSourceHandle));
                    }
                    return Err(e);
                }
            };
            let h = s.duplicate_between(
                source,
                from_handle(hSourceHandle),
                target,
                dwDesiredAccess,
                bInheritHandle != 0,
                dwOptions,
            )?;
            out = to_handle(h);
            Ok(1)
        });
        if let (Some(t), 1) = (lpTargetHandle, r) {
            *t = out;
        }
        r
    }

    /// `ExitProcess`: the process ends, its handles close and its views unmap (catalog G10).
    pub fn ExitProcess(&mut self, uExitCode: u32) {
        self.call("ExitProcess", format_args!("{uExitCode}"), (), |s, p| {
            s.exit_process(p, uExitCode)
        });
    }

    /// Reads simulated memory (a `memcpy` from `address`), or the exception it raises.
    pub fn read(
        &mut self,
        address: LPVOID,
        len: u64,
    ) -> Result<std::result::Result<Vec<u8>, crate::Exception>> {
        self.sys.read_memory(self.pid, address, len)
    }

    /// Writes simulated memory, or the exception it raises.
    pub fn write(
        &mut self,
        address: LPVOID,
        data: &[u8],
    ) -> Result<std::result::Result<(), crate::Exception>> {
        self.sys.write_memory(self.pid, address, data)
    }

    /// Fills simulated memory with one byte (`memset`), or the exception it raises.
    pub fn fill(
        &mut self,
        address: LPVOID,
        len: u64,
        byte: u8,
    ) -> Result<std::result::Result<(), crate::Exception>> {
        self.sys.fill_memory(self.pid, address, len, byte)
    }
}
